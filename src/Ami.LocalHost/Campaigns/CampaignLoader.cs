using Ami.Domain.Campaigns;
using Ami.Workflow.Configuration;
using Ami.Workflow.Ports;
using Microsoft.Extensions.Options;

namespace Ami.LocalHost.Campaigns;

/// <summary>
/// At start, stores every campaign of <c>Ami:CampaignsPath</c> (<c>campaigns/*.json</c>) and the generated
/// <see cref="DemoCampaign"/> through <see cref="ICampaignStore"/>. An invalid file stops the start with the
/// file's errors. Without a campaign store registered, nothing is loaded (a warning says so).
/// </summary>
public sealed partial class CampaignLoader(
    IServiceProvider services,
    IOptions<AmiOptions> options,
    IHostEnvironment environment,
    TimeProvider time,
    ILogger<CampaignLoader> logger) : IHostedService
{
    /// <summary>Ids of the campaigns stored by the last start (for the start banner and tests).</summary>
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

        var campaigns = ReadFolder(ResolveFolder(options.Value.CampaignsPath, environment.ContentRootPath));
        var demo = DemoCampaign.Create(time.GetUtcNow());
        if (CampaignRules.Check(demo) is { Count: > 0 } demoErrors)
        {
            throw new InvalidOperationException("Campagne de démonstration invalide : " + string.Join(" ; ", demoErrors.Select(e => $"{e.Field} {e.Code}")));
        }

        campaigns.Add(demo);
        foreach (var campaign in campaigns)
        {
            await store.UpsertAsync(campaign, cancellationToken);
            LogLoaded(logger, campaign.Id);
        }

        Loaded = [.. campaigns.Select(c => c.Id)];
        Demo = demo;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A relative folder is looked up under the content root, then beside the app.</summary>
    internal static string? ResolveFolder(string path, string contentRoot)
    {
        if (Path.IsPathRooted(path))
        {
            return Directory.Exists(path) ? path : null;
        }

        return new[] { Path.Combine(contentRoot, path), Path.Combine(AppContext.BaseDirectory, path) }.FirstOrDefault(Directory.Exists);
    }

    internal static List<Campaign> ReadFolder(string? folder)
    {
        var campaigns = new List<Campaign>();
        if (folder is null)
        {
            return campaigns;
        }

        var problems = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var (campaign, errors) = CampaignJson.Parse(File.ReadAllText(file));
            if (campaign is null)
            {
                problems.Add($"{Path.GetFileName(file)} : {string.Join(" ; ", errors.Select(e => $"{e.Field} ({e.Code}) {e.Message}"))}");
            }
            else
            {
                campaigns.Add(campaign);
            }
        }

        return problems.Count == 0
            ? campaigns
            : throw new InvalidOperationException("Campagne(s) invalide(s) dans " + folder + " : " + string.Join(" | ", problems));
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "No ICampaignStore registered: campaigns are not loaded")]
    private static partial void LogNoStore(ILogger logger);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Campaign {CampaignId} stored")]
    private static partial void LogLoaded(ILogger logger, string campaignId);
}
