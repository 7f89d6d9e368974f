using System.Net.Http.Headers;
using System.Text;
using Ami.Domain.Campaigns;
using Ami.Domain.Money;
using Ami.LocalHost;
using Ami.LocalHost.Dev;
using Ami.Testing;
using Ami.Workflow.Http;
using Ami.Workflow.Intake;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;
using Ami.Workflow.Storage;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Ami.Workflow.Tests.Intake;

/// <summary>
/// The intake as it runs for real: Azurite (free ports), the Durable Task engine of
/// <see cref="DurableTaskTestHost"/> with a stand-in journey under <see cref="JourneyNames.Orchestrator"/>,
/// and an ASP.NET Core app on Kestrel (127.0.0.1, free port) built with <c>AddAmiWorkflow</c> and the
/// local host's <c>MapAmiApi</c>. The clock is a <see cref="FakeTimeProvider"/> set to <see cref="Now"/>.
/// </summary>
public sealed class IntakeApp : IAsyncLifetime
{
    public const string StaffKey = "intake-tests-staff-key";

    /// <summary>The server's clock during the tests: inside the 2015 call.</summary>
    public static readonly DateTimeOffset Now = new(2015, 5, 20, 8, 0, 0, TimeSpan.Zero);

    private AzuriteProcess? _azurite;
    private SendGridCaptureServer? _sendGrid;
    private DurableTaskTestHost? _durable;
    private WebApplication? _app;

    public FakeTimeProvider Clock { get; } = new(Now);

    public HttpClient Http { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public DurableTaskClient Durable => _durable!.Client;

    public IServiceProvider Services => _app!.Services;

    public string ConnectionString => _azurite!.ConnectionString;

    /// <summary>Mails sent through the real SendGrid client to a local SendGrid-compatible endpoint.</summary>
    public MailCapture Mails => _sendGrid!.Capture;

    public BlobContainerClient Container => new BlobServiceClient(ConnectionString).GetBlobContainerClient(AmiStorage.DossiersContainer);

    public TableClient Table(string name) => new TableServiceClient(ConnectionString).GetTableClient(name);

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync();
        _sendGrid = await SendGridCaptureServer.StartAsync();
        _durable = await DurableTaskTestHost.StartAsync(
            TestJourney.Register,
            new DurableTaskTestHostOptions { LoggerFactory = NullLoggerFactory.Instance, ConfigureServices = s => s.AddLogging(b => b.ClearProviders()) });

        (_app, BaseAddress) = await StartAppAsync(null);
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>
    /// Another app on the same Azurite and engine, with <paramref name="configure"/> applied last (e.g. a
    /// storage client that fails on purpose). The caller disposes it.
    /// </summary>
    public async Task<(WebApplication App, Uri BaseAddress)> StartAppAsync(Action<IServiceCollection>? configure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = _azurite!.ConnectionString,
            ["Ami:StaffKey"] = StaffKey,
            ["Ami:CampaignsPath"] = Path.Combine(TestFiles.RepositoryRoot, "campaigns"),
            ["Ami:PublicBaseUrl"] = "http://127.0.0.1:7071",
            ["Ami:LinkKeys:Current"] = Convert.ToBase64String(Encoding.ASCII.GetBytes("intake-tests-link-signing-key-32-bytes!!")),
            ["SendGrid:ApiKey"] = "SG.intake-tests",
            ["SendGrid:Host"] = _sendGrid!.BaseUrl,
        });
        builder.Services.AddAmiWorkflow(builder.Configuration);
        builder.Services.AddSingleton<TimeProvider>(Clock);
        builder.Services.AddSingleton(_durable!.Client);
        configure?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapAmiApi();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address));
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_durable is not null)
        {
            await _durable.DisposeAsync();
        }

        if (_sendGrid is not null)
        {
            await _sendGrid.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    /// <summary>A fresh campaign (unique id and reference prefix), open at <see cref="Now"/> unless changed.</summary>
    public async Task<Campaign> CreateCampaignAsync(Func<Campaign, Campaign>? change = null)
    {
        var suffix = DossierIds.RandomToken(8);
        var campaign = new Campaign
        {
            Id = "test-" + suffix,
            Title = "Campagne de test",
            ReferencePrefix = "T-" + suffix.ToUpperInvariant(),
            OpensAt = Now.AddDays(-30),
            Deadline = CampaignDeadline.LastSecond(Now.AddDays(9)),
            MaxGrant = Euros.FromDecimal(40_000m),
            ContactEmail = "ami.is@aquitaine.fr",
            Staff = ["instruction@region.example"],
            Jurors = ["jure1@partner.example"],
            JuryPresident = "president@region.example",
            CpSecretariat = "cp@region.example",
            Finance = "finance@region.example",
        };
        campaign = change?.Invoke(campaign) ?? campaign;
        await Services.GetRequiredService<ICampaignStore>().UpsertAsync(campaign, CancellationToken.None);
        return campaign;
    }

    public async Task<List<string>> BlobNamesAsync(string prefix)
    {
        var names = new List<string>();
        await foreach (var blob in Container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, CancellationToken.None))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    public async Task<int> RowCountAsync(string table, string filter)
    {
        var count = 0;
        await foreach (var _ in Table(table).QueryAsync<TableEntity>(filter))
        {
            count++;
        }

        return count;
    }

    public HttpRequestMessage Get(string path, string? token = null, bool staff = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (staff)
        {
            request.Headers.Add("x-functions-key", StaffKey);
        }

        return request;
    }
}

[CollectionDefinition(Name)]
public sealed class IntakeCollection : ICollectionFixture<IntakeApp>
{
    public const string Name = "Intake";
}

/// <summary>
/// Stands in for the journey (written elsewhere): says it waits for the holder's replacement, then ends on
/// the first of <see cref="JourneyEvents.Resubmitted"/> or <see cref="JourneyEvents.CampaignChanged"/>,
/// returning what it received.
/// </summary>
internal static class TestJourney
{
    public static void Register(DurableTaskRegistry registry) =>
        registry.AddOrchestratorFunc<JourneyInput, string>(JourneyNames.Orchestrator, async (context, input) =>
        {
            context.SetCustomStatus(new JourneyStatus(JourneySteps.Resubmission, [JourneyEvents.Resubmitted, JourneyEvents.CampaignChanged]));
            var resubmitted = context.WaitForExternalEvent<JourneySignal>(JourneyEvents.Resubmitted);
            var changed = context.WaitForExternalEvent<JourneySignal>(JourneyEvents.CampaignChanged);
            var first = await Task.WhenAny(resubmitted, changed);
            context.SetCustomStatus(new JourneyStatus(JourneySteps.Busy, []));
            return first == resubmitted ? $"resubmitted:{resubmitted.Result.By}" : $"campaign-changed:{changed.Result.By}";
        });
}
