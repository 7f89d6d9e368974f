using Ami.Domain.Campaigns;
using Ami.Workflow.Ports;

namespace Ami.LocalHost.Campaigns;

/// <summary>
/// At start, stores the generated <see cref="DemoCampaign"/> through <see cref="ICampaignStore"/> unless it exists
/// (a restart keeps the demo campaign as staff left it, a deadline they moved included) (the
/// campaign files of <c>Ami:CampaignsPath</c> are seeded by the workflow's storage initializer, which never
/// overwrites a campaign staff replaced), and lists the campaigns for the start banner. Without a campaign
/// store registered, nothing is stored (a warning says so).
/// </summary>
public sealed partial class CampaignLoader(
    IServiceProvider services,
    TimeProvider time,
    ILogger<CampaignLoader> logger) : IHostedService
{
    /// <summary>Ids of the campaigns in the store after the last start, the demo last (for the start banner and tests).</summary>
    public IReadOnlyList<string> Loaded { get; private set; } = [];

    /// <summary>The demo campaign stored by the last start, if any.</summary>
    public Campaign? Demo { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var store = services.GetService<ICampaignStore>();
        if (store is null)
        {
            LogNoStore(logger);
            return;
        }

        var demo = DemoCampaign.Create(time.GetUtcNow());
        if (CampaignRules.Check(demo) is { Count: > 0 } demoErrors)
        {
            throw new InvalidOperationException("Campagne de démonstration invalide : " + string.Join(" ; ", demoErrors.Select(e => $"{e.Field} {e.Code}")));
        }

        // Seeded once: a restart must not reopen a call that staff closed (or moved) since.
        if (await store.GetAsync(demo.Id, cancellationToken) is { } kept)
        {
            demo = kept;
            LogKept(logger, demo.Id);
        }
        else
        {
            await store.UpsertAsync(demo, cancellationToken);
            LogLoaded(logger, demo.Id);
        }

        var stored = await store.ListAsync(cancellationToken);
        Loaded = [.. stored.Select(c => c.Id).Where(id => id != demo.Id).Order(StringComparer.Ordinal), demo.Id];
        Demo = demo;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "No ICampaignStore registered: campaigns are not loaded")]
    private static partial void LogNoStore(ILogger logger);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Campaign {CampaignId} stored")]
    private static partial void LogLoaded(ILogger logger, string campaignId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Campaign {CampaignId} already stored: kept as it is")]
    private static partial void LogKept(ILogger logger, string campaignId);
}
