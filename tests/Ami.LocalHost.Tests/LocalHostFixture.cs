using System.Collections.Concurrent;
using Ami.Domain.Campaigns;
using Ami.LocalHost.Dev;
using Ami.LocalHost.Timers;
using Ami.Testing;
using Ami.Workflow.Ports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace Ami.LocalHost.Tests;

/// <summary>One in-process local host on its own Azurite, with test-only additions made through hooks.</summary>
public sealed class LocalHostFixture : IAsyncLifetime
{
    public const string EchoOrchestration = "TestEcho";

    public static readonly TimeSpan RequestHeadersTimeout = TimeSpan.FromSeconds(5);

    private AzuriteProcess? _azurite;

    public AmiLocalHost Host { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public RecordingCampaignStore Campaigns { get; } = new();

    public int TimerRuns => _timerRuns;

    private int _timerRuns;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync();
        Host = await InProcessLocalHost.StartAsync(_azurite.ConnectionString, new LocalHostHooks
        {
            // Short enough for a test to see Kestrel's own 408 (its default is 30 s).
            ConfigureBuilder = builder => builder.WebHost.ConfigureKestrel(k => k.Limits.RequestHeadersTimeout = RequestHeadersTimeout),
            ConfigureServices = services =>
            {
                services.AddSingleton<ICampaignStore>(Campaigns);
                services.AddSingleton(new LocalTimerTable().Map("TestEverySecond", "%TEST_SCHEDULE%", (_, _) =>
                {
                    Interlocked.Increment(ref _timerRuns);
                    return Task.CompletedTask;
                }));
            },
            AddTasks = registry => registry.AddOrchestratorFunc<string, string>(EchoOrchestration, async (context, text) =>
            {
                await context.CreateTimer(TimeSpan.FromSeconds(1), CancellationToken.None);
                return "echo:" + text;
            }),
            ConfigureApp = app =>
            {
                app.MapGroup("/api/test").RequireStaffKey().MapGet("/staff", () => Results.Text("staff ok"));
                app.MapPost("/test/body-size", async (HttpRequest request) =>
                {
                    var buffer = new byte[81920];
                    long total = 0;
                    for (int read; (read = await request.Body.ReadAsync(buffer)) > 0;)
                    {
                        total += read;
                    }

                    return Results.Text(total.ToString(System.Globalization.CultureInfo.InvariantCulture));
                });
            },
        },
        settings: new Dictionary<string, string> { ["TEST_SCHEDULE"] = "*/1 * * * * *" });
        Http = new HttpClient { BaseAddress = Host.BaseUrl };
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

/// <summary>A campaign store that records what the host stored.</summary>
public sealed class RecordingCampaignStore : ICampaignStore
{
    private readonly ConcurrentDictionary<string, Campaign> _campaigns = new();

    public Task<Campaign?> GetAsync(string campaignId, CancellationToken cancellationToken) =>
        Task.FromResult(_campaigns.GetValueOrDefault(campaignId));

    public Task<IReadOnlyList<Campaign>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Campaign>>([.. _campaigns.Values]);

    public Task<bool> UpsertAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var created = true;
        _campaigns.AddOrUpdate(campaign.Id, campaign, (_, _) =>
        {
            created = false;
            return campaign;
        });
        return Task.FromResult(created);
    }
}
