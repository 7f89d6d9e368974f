using System.Net.Http.Json;
using System.Text.Json;
using Ami.LocalHost.Campaigns;
using Ami.Testing;
using Ami.Workflow.Orchestrations;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Ami.LocalHost.Tests.Durable;

/// <summary>
/// The local host runs orchestrations under host.json's versioning, as the Functions host does in Azure
/// (docs/versioning.md): the deployed version is <c>defaultVersion</c> (<see cref="JourneyVersions.Current"/>), an instance
/// of that version or older runs, an instance of a newer version (a deployment rolled back, a branch run on the same
/// Azurite) is left as it is, neither run by code that does not know it nor failed, until a deployment of its version
/// serves the task hub.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class OrchestrationVersioningTests(AzuriteFixture azurite)
{
    private const string VersionEcho = "TestVersionEcho";

    private static readonly string Newer = NextMinor(JourneyVersions.Current);

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task JourneyOfANewerVersion_WaitsUntouched_WhileTheIntakesJourneysRun()
    {
        await using var host = await StartAsync("vjourney" + Guid.NewGuid().ToString("N")[..10]);

        // A dossier whose journey is of a version this deployment does not know. Without versioning the journey ran and
        // failed at once ("Journey version … is not supported by this deployment"): the dossier was lost.
        var newerDossier = "versioning-" + Guid.NewGuid().ToString("N")[..12];
        Assert.True(await host.Client.StartJourneyAsync(newerDossier, DemoCampaign.Id, Newer, CancellationToken.None));

        // A dossier filed now: the intake starts its journey in an older supported version (1.2 on the test hosts).
        using var http = new HttpClient { BaseAddress = host.BaseUrl };
        using var form = Multipart.Valid();
        var filed = await http.PostAsync($"/api/campaigns/{DemoCampaign.Id}/dossiers", form);
        Assert.Equal(201, (int)filed.StatusCode);
        var dossierId = (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dossierId").GetString()!;
        await UntilAsync(async () => await host.Client.GetJourneyStatusAsync(dossierId, CancellationToken.None) is { Step: JourneySteps.Validation } ? "waits for validation" : null);

        await Task.Delay(TimeSpan.FromSeconds(3)); // a few more deliveries of the newer instance's work item
        var newer = await host.Client.GetInstanceAsync(newerDossier, getInputsAndOutputs: true);
        Assert.NotNull(newer);
        Assert.Equal(OrchestrationRuntimeStatus.Pending, newer.RuntimeStatus);
        Assert.Null(newer.SerializedCustomStatus);
        Assert.Null(await host.Client.GetJourneyStatusAsync(newerDossier, CancellationToken.None));
    }

    [Fact]
    public async Task NewerInstance_RunsOnceADeploymentOfItsVersionServesTheTaskHub_AndAnInstanceStartedWithoutAVersionGetsTheDeployedOne()
    {
        var taskHub = "vhub" + Guid.NewGuid().ToString("N")[..12];
        string newerId;
        await using (var deployed = await StartAsync(taskHub))
        {
            newerId = await deployed.Client.ScheduleNewOrchestrationInstanceAsync(VersionEcho, new StartOrchestrationOptions { Version = Newer });

            // Started without a version, as the campaign calendar, the antivirus scan and the probes are: host.json's
            // defaultVersion, as the Functions host gives it; an older supported version runs as well.
            var unversioned = await deployed.Client.ScheduleNewOrchestrationInstanceAsync(VersionEcho);
            var older = await deployed.Client.ScheduleNewOrchestrationInstanceAsync(VersionEcho, new StartOrchestrationOptions { Version = JourneyVersions.V1 });
            Assert.Equal(JourneyVersions.Current, await OutputAsync(deployed, unversioned));
            Assert.Equal(JourneyVersions.V1, await OutputAsync(deployed, older));

            await Task.Delay(TimeSpan.FromSeconds(3));
            var waiting = await deployed.Client.GetInstanceAsync(newerId);
            Assert.Equal(OrchestrationRuntimeStatus.Pending, waiting!.RuntimeStatus);
        }

        // The next deployment (its host.json says the newer version; here the app setting that overrides host.json in
        // Azure) takes the waiting instance over.
        await using var next = await StartAsync(taskHub, new Dictionary<string, string>
        {
            ["AzureFunctionsJobHost:extensions:durableTask:defaultVersion"] = Newer,
        });
        Assert.Equal(Newer, await OutputAsync(next, newerId));
    }

    private Task<AmiLocalHost> StartAsync(string taskHub, IReadOnlyDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string> { ["LocalHost:StartClamd"] = "false" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        return InProcessLocalHost.StartAsync(
            azurite.ConnectionString,
            new LocalHostHooks { AddTasks = registry => registry.AddOrchestratorFunc<string?, string>(VersionEcho, (context, _) => context.Version) },
            all,
            taskHub);
    }

    private static async Task<string?> OutputAsync(AmiLocalHost host, string instanceId)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var done = await host.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        return done.ReadOutputAs<string>();
    }

    private static async Task<T> UntilAsync<T>(Func<Task<T?>> read)
        where T : class
    {
        var until = DateTime.UtcNow + Patience;
        while (true)
        {
            if (await read() is { } value)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < until, "timed out");
            await Task.Delay(200);
        }
    }

    private static string NextMinor(string version)
    {
        var v = Version.Parse(version);
        return new Version(v.Major, v.Minor + 1).ToString();
    }
}
