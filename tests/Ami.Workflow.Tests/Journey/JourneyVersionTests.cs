using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Tests.Journey;

/// <summary>Instances started by an older deployment keep running on their own code path (docs/versioning.md).</summary>
public sealed class JourneyVersionTests(JourneyHost host) : IClassFixture<JourneyHost>
{
    [Fact]
    public async Task Journey_StartedAsVersion10_StillRunsToItsEnd()
    {
        Assert.Equal(JourneyVersions.V1_3, JourneyVersions.Current);
        Assert.Equal([JourneyVersions.V1, JourneyVersions.V1_1, JourneyVersions.V1_2, JourneyVersions.V1_3], JourneyVersions.Supported);
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(10)), version: JourneyVersions.V1);
        await host.DecideStepAsync(dossier.Id, JourneySteps.Validation, RecipientRole.Staff, Bodies.ChangesRequested("Ajoutez les statuts signés."));

        Assert.Equal("ineligible", (await host.OutcomeAsync(dossier.Id)).Status);
        Assert.Equal(2, host.Notifier.To(dossier.Id, MailKind.ChangesReminder, RecipientRole.Holder).Count);
        Assert.Single(await host.MailsAsync(dossier.Id, MailKind.Ineligible, role: RecipientRole.Holder));
    }
}
