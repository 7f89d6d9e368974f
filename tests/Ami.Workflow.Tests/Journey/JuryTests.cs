using Ami.Domain.States;
using Ami.Workflow.Actions;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Tests.Journey;

public sealed class JuryTests(JourneyHost host) : IClassFixture<JourneyHost>
{
    [Fact]
    public async Task Audition_Requested_HolderInvitedWithDateAndPlaceThenStaffRecordItBeforeTheJury()
    {
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(3)));
        var at = DateTimeOffset.UtcNow.AddDays(10);
        await host.DecideStepAsync(dossier.Id, JourneySteps.Validation, RecipientRole.Staff, Bodies.EligibleWithAudition(at));

        await host.DecideStepAsync(dossier.Id, JourneySteps.Audition, RecipientRole.Staff, new { decision = "held", comment = "Échange riche." }, index: 1);
        await host.StepAsync(dossier.Id, JourneySteps.JuryScore);

        var invitation = Assert.Single(await host.MailsAsync(dossier.Id, MailKind.AuditionInvitation, role: RecipientRole.Holder));
        Assert.Equal("Hôtel de Région, salle 3", invitation.Values!["auditionPlace"]);
        Assert.Equal(at, DateTimeOffset.Parse(invitation.Values["auditionAt"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2, host.Notifier.To(dossier.Id, MailKind.AuditionRequest, RecipientRole.Staff).Count);
        Assert.Equal([DossierStatus.Submitted, DossierStatus.Eligible, DossierStatus.Audition, DossierStatus.Jury], host.Dossiers.StatusesOf(dossier.Id));
        Assert.Contains(host.Timeline.Events(dossier.Id), e => e.Event == "audition:held" && e.Actor == "staff-1");

        // Withdrawal during the jury: the jurors' pending links are void.
        var jurorLink = await host.LinkAsync(dossier.Id, JourneySteps.JuryScore, RecipientRole.Juror, index: 2);
        Assert.Equal(202, (await host.WithdrawAsync(dossier)).Status);
        Assert.Equal("withdrawn", (await host.OutcomeAsync(dossier.Id)).Status);
        var late = await host.DecideAsync(jurorLink, Bodies.Scored(3));
        Assert.Equal(ActionResultKind.Gone, late.Kind);
        Assert.Equal("cancelled", late.Code);
        Assert.Equal(3, host.Notifier.To(dossier.Id, MailKind.WithdrawalAcknowledged).Count); // holder and both staff
        Assert.Equal(DossierStatus.Withdrawn, host.Dossiers[dossier.Id].Status);
    }

    [Fact]
    public async Task Jury_JurorDeclaresConflict_IsExcludedAndThePhaseEndsWithTheOtherSheets()
    {
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(3)));
        await host.ToJuryAsync(dossier);

        await host.DecideStepAsync(dossier.Id, JourneySteps.JuryScore, RecipientRole.Juror, Bodies.Conflict(), index: 0);
        await host.DecideStepAsync(dossier.Id, JourneySteps.JuryScore, RecipientRole.Juror, Bodies.Scored(1), index: 1);
        await host.DecideStepAsync(dossier.Id, JourneySteps.JuryScore, RecipientRole.Juror, Bodies.Scored(3), index: 2);

        await host.StepAsync(dossier.Id, JourneySteps.JuryOpinion);
        var jury = host.Dossiers[dossier.Id].JuryJson!;
        Assert.Contains("\"sheets\":2", jury, StringComparison.Ordinal);
        Assert.Contains("\"conflicts\":1", jury, StringComparison.Ordinal);
        Assert.Contains("\"meanTotal\":24", jury, StringComparison.Ordinal);
        var request = Assert.Single(await host.MailsAsync(dossier.Id, MailKind.JuryOpinionRequest, role: RecipientRole.JuryPresident));
        Assert.Equal("2", request.Values!["sheets"]);
        Assert.Equal("24", request.Values["meanTotal"]);
        Assert.Equal("2", request.Values["mean:beneficiaries"]);
        Assert.Contains("beneficiaries", request.Values["divergent"], StringComparison.Ordinal);

        var again = await host.DecideAsync(await host.LinkAsync(dossier.Id, JourneySteps.JuryScore, RecipientRole.Juror, index: 0), Bodies.Scored(2));
        Assert.Equal(ActionResultKind.Gone, again.Kind);
        Assert.Empty(host.Notifier.To(dossier.Id, MailKind.JuryEscalation));
        await host.WithdrawAsync(dossier);
    }

    [Fact]
    public async Task Jury_JurorNeverAnswers_RemindedThenThePhaseEndsWhenTheJuryIsDue()
    {
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(3)));
        await host.ToJuryAsync(dossier);
        await host.DecideStepAsync(dossier.Id, JourneySteps.JuryScore, RecipientRole.Juror, Bodies.Scored(2), index: 0);
        await host.DecideStepAsync(dossier.Id, JourneySteps.JuryScore, RecipientRole.Juror, Bodies.Scored(2), index: 1);

        // What the staff digest lists meanwhile: the one sheet still owed.
        var owed = Assert.Single(await new ActionJuryProgress(host.Dossiers, host.Campaigns, host.Actions).ListPendingAsync(dossier.Campaign.Id, CancellationToken.None));
        Assert.Equal((dossier.Id, 2), (owed.DossierId, owed.JurorIndex));
        Assert.Equal(dossier.Campaign.Deadline.ClosesAt.AddSeconds(8), owed.DueAt);

        var status = await host.StepAsync(dossier.Id, JourneySteps.JuryOpinion);
        var due = dossier.Campaign.Deadline.ClosesAt.AddSeconds(8);
        Assert.True(DateTimeOffset.UtcNow >= due, "the phase waited for the silent juror until the jury was due");
        var reminder = Assert.Single(await host.MailsAsync(dossier.Id, MailKind.JuryReminder));
        Assert.Equal(2, reminder.To.Index);
        Assert.True(host.Signer.Verify(reminder.Values!["actionToken"], DateTimeOffset.UtcNow, out var claims) == LinkCheck.Valid && claims!.Actor == "juror-2");
        Assert.Contains("\"sheets\":2", host.Dossiers[dossier.Id].JuryJson, StringComparison.Ordinal);
        Assert.Empty(host.Notifier.To(dossier.Id, MailKind.JuryEscalation));
        Assert.Equal(JourneySteps.JuryOpinion, status.Step);
        await host.WithdrawAsync(dossier);
    }

    [Fact]
    public async Task Jury_FewerThanTwoSheetsWhenDue_StaffAlertedAndALateSheetStillCounts()
    {
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(3)));
        await host.ToJuryAsync(dossier);
        await host.DecideStepAsync(dossier.Id, JourneySteps.JuryScore, RecipientRole.Juror, Bodies.Scored(2), index: 0);
        await host.DecideStepAsync(dossier.Id, JourneySteps.JuryScore, RecipientRole.Juror, Bodies.Conflict(), index: 1);

        var alerts = await host.MailsAsync(dossier.Id, MailKind.JuryEscalation, count: 2, role: RecipientRole.Staff);
        Assert.All(alerts, a => Assert.Equal("1", a.Values!["sheets"]));
        var stillWaiting = await host.StepAsync(dossier.Id, JourneySteps.JuryScore);
        Assert.Equal(JourneySteps.JuryScore, stillWaiting.Step);

        await host.DecideStepAsync(dossier.Id, JourneySteps.JuryScore, RecipientRole.Juror, Bodies.Scored(3), index: 2);
        await host.StepAsync(dossier.Id, JourneySteps.JuryOpinion);
        Assert.Contains("\"sheets\":2", host.Dossiers[dossier.Id].JuryJson, StringComparison.Ordinal);
        await host.WithdrawAsync(dossier);
    }
}
