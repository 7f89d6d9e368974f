using Ami.Domain.Scanning;
using Ami.Domain.States;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Tests.Journey;

/// <summary>The antivirus in the journey (1.1), on the real Durable engine: the jury only sees safe files, scans are never left stuck.</summary>
public sealed class AttachmentScanJourneyTests(JourneyHost host) : IClassFixture<JourneyHost>
{
    [Fact]
    public async Task InfectedFile_TheJuryIsNotInvited_HolderAndStaffToldWhichFile()
    {
        host.Scanner.Answer("statuts-virus.pdf", new ScanVerdict(ScanState.Infected, "Ami.Test.Eicar.UNOFFICIAL"));
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(3)), statutesName: "statuts-virus.pdf");

        var told = Assert.Single(await host.MailsAsync(dossier.Id, MailKind.AttachmentRejected, role: RecipientRole.Holder));
        Assert.Equal("statuts-virus.pdf", told.Values![Ami.Workflow.Mail.MailValues.Files]);
        Assert.Single(await host.MailsAsync(dossier.Id, MailKind.AttachmentRejected, role: RecipientRole.Staff));
        Assert.Equal(ScanState.Infected, host.Dossiers[dossier.Id].Attachments[0].Scan);

        await host.DecideStepAsync(dossier.Id, JourneySteps.Validation, RecipientRole.Staff, Bodies.Eligible());
        await host.StepAsync(dossier.Id, DossierJourney.AttachmentScanStep);

        Assert.Contains(host.Timeline.Events(dossier.Id), e => e.Event == "jury:held");
        Assert.Contains(host.Timeline.Events(dossier.Id), e => e.Event == "scan:infected" && e.Detail == "statuts-virus.pdf");
        Assert.DoesNotContain(host.Timeline.Events(dossier.Id), e => e.Event == "jury:opened");
        Assert.Empty(host.Notifier.To(dossier.Id, MailKind.JuryInvitation));
        Assert.Equal(DossierStatus.Eligible, host.Dossiers[dossier.Id].Status);

        // Still a withdrawable dossier.
        Assert.Equal(202, (await host.WithdrawAsync(dossier)).Status);
        Assert.Equal("withdrawn", (await host.OutcomeAsync(dossier.Id)).Status);
    }

    [Fact]
    public async Task NoAnswer_RetriedByDurableTimers_StaffAlertedOnce_ThenSafe_ThenTheJuryIsInvited()
    {
        host.Scanner.Answer("statuts-lents.pdf", ScanVerdict.NoAnswer);
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(3)), statutesName: "statuts-lents.pdf");

        var alert = Assert.Single(await host.MailsAsync(dossier.Id, MailKind.AttachmentScanStuck, role: RecipientRole.Staff));
        Assert.Equal("statuts-lents.pdf", alert.Values![Ami.Workflow.Mail.MailValues.Files]);
        Assert.True(host.Timeline.Events(dossier.Id).Count(e => e.Event == "scan:no-answer") >= 2);
        Assert.Equal(ScanState.Pending, host.Dossiers[dossier.Id].Attachments[0].Scan);

        host.Scanner.Answer("statuts-lents.pdf", new ScanVerdict(ScanState.Safe));
        await host.Until(() => host.Dossiers[dossier.Id].Attachments[0].Scan == ScanState.Safe);
        await host.DecideStepAsync(dossier.Id, JourneySteps.Validation, RecipientRole.Staff, Bodies.Eligible());
        await host.StepAsync(dossier.Id, JourneySteps.JuryScore);

        Assert.Single(await host.MailsAsync(dossier.Id, MailKind.AttachmentScanStuck));
        Assert.Single(host.Timeline.Events(dossier.Id), e => e.Event == "scan:stuck-alert");
        Assert.DoesNotContain(host.Timeline.Events(dossier.Id), e => e.Event == "jury:held");
    }

    [Theory]
    [InlineData(JourneyVersions.V1)]
    [InlineData(JourneyVersions.V1_1)]
    public async Task AJourneyOfAnEarlierVersion_KeepsItsShippedPath_NoAntivirusGate(string version)
    {
        host.Scanner.Answer("statuts-v1.pdf", new ScanVerdict(ScanState.Infected, "Ami.Test.Eicar.UNOFFICIAL"));
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(3)), statutesName: "statuts-v1.pdf", version: version);

        await host.DecideStepAsync(dossier.Id, JourneySteps.Validation, RecipientRole.Staff, Bodies.Eligible());
        await host.StepAsync(dossier.Id, JourneySteps.JuryScore);

        Assert.DoesNotContain(host.Timeline.Events(dossier.Id), e => e.Event == "jury:held");
    }
}
