using Ami.Workflow.Digest;
using Ami.Workflow.Orchestrations;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Ami.Workflow.Tests.Journey;

/// <summary>No journey ends Failed silently: an error log with the dossier id, a timeline line, and the digest's list.</summary>
public sealed class FailedJourneyTests(JourneyHost host) : IClassFixture<JourneyHost>
{
    [Fact]
    public async Task Journey_Failing_LoggedAsErrorWithTheDossierIdWrittenToTheTimelineAndListedForTheDigest()
    {
        // A journey this deployment cannot run (a version it does not know) fails at once, as a broken step would.
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(30)), version: "0.9");
        var healthy = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(30)));

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var instance = await host.Client.WaitForInstanceCompletionAsync(dossier.Id, cts.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, instance.RuntimeStatus);

        await host.Until(() => host.Logs.Entries.Any(e => e.Level == LogLevel.Error && e.Message.Contains(dossier.Id, StringComparison.Ordinal)));
        Assert.Contains(host.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains($"Dossier {dossier.Id}: journey failed (NotSupportedException)", StringComparison.Ordinal));
        var line = Assert.Single(host.Timeline.Events(dossier.Id), e => e.Event == "journey:failed");
        Assert.Equal("system", line.Actor);

        var failed = await new DurableJourneyFailures(host.Client).ListAsync(CancellationToken.None);
        Assert.Contains(failed, f => f.DossierId == dossier.Id);
        Assert.DoesNotContain(failed, f => f.DossierId == healthy.Id);
        await host.WithdrawAsync(healthy);
    }
}
