using Ami.Domain.States;
using Ami.Workflow.Actions;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Steps;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Tests.Journey;

/// <summary>
/// Journey 1.3: the jurors, the president and the CP work from their campaign-wide workspaces. The journey still
/// issues their per-dossier actions (so <c>/api/actions/{token}</c> works) but mails none of them, and sends no
/// per-dossier jury reminder nor escalation: the campaign's calendar mails each person once.
/// </summary>
public sealed class CampaignWideJuryTests(JourneyHost host) : IClassFixture<JourneyHost>
{
    [Fact]
    public async Task Journey13_JuryPresidentAndCp_ActThroughTheirActionsWithoutAPerDossierMail()
    {
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(3)), version: JourneyVersions.V1_3);
        await host.ToJuryAsync(dossier);

        Assert.Equal(ActionResultKind.Ok, (await host.DecideAsync(Sign(dossier.Id, JourneySteps.JuryScore, "juror-0"), Bodies.Conflict())).Kind);
        Assert.Equal(ActionResultKind.Ok, (await host.DecideAsync(Sign(dossier.Id, JourneySteps.JuryScore, "juror-1"), Bodies.Scored(1))).Kind);
        Assert.Equal(ActionResultKind.Ok, (await host.DecideAsync(Sign(dossier.Id, JourneySteps.JuryScore, "juror-2"), Bodies.Scored(3))).Kind);

        await host.StepAsync(dossier.Id, JourneySteps.JuryOpinion);
        Assert.Contains("\"sheets\":2", host.Dossiers[dossier.Id].JuryJson!, StringComparison.Ordinal);
        Assert.Equal(ActionResultKind.Ok, (await host.DecideAsync(Sign(dossier.Id, JourneySteps.JuryOpinion, "president"), Bodies.Favourable(20000m))).Kind);
        await host.StepAsync(dossier.Id, JourneySteps.CpDecision);
        Assert.Equal(ActionResultKind.Ok, (await host.DecideAsync(Sign(dossier.Id, JourneySteps.CpDecision, "cp"), Bodies.Granted(20000m))).Kind);
        await host.StepAsync(dossier.Id, JourneySteps.Start);

        foreach (var kind in new[] { MailKind.JuryInvitation, MailKind.JuryReminder, MailKind.JuryEscalation, MailKind.JuryOpinionRequest, MailKind.CpDecisionRequest, MailKind.StaffReminder })
        {
            Assert.Empty(host.Notifier.To(dossier.Id, kind));
        }

        Assert.Single(await host.MailsAsync(dossier.Id, MailKind.DecisionGranted, role: RecipientRole.Holder));
        Assert.Equal(DossierStatus.Granted, host.Dossiers[dossier.Id].Status);
        await host.WithdrawAsync(dossier);
    }

    [Fact]
    public async Task Journey13_SilentJuror_NoReminderAndTheLinkIsVoidedWhenTheJuryIsDue()
    {
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(3)), version: JourneyVersions.V1_3);
        await host.ToJuryAsync(dossier);
        Assert.Equal(ActionResultKind.Ok, (await host.DecideAsync(Sign(dossier.Id, JourneySteps.JuryScore, "juror-0"), Bodies.Scored(2))).Kind);
        Assert.Equal(ActionResultKind.Ok, (await host.DecideAsync(Sign(dossier.Id, JourneySteps.JuryScore, "juror-1"), Bodies.Scored(2))).Kind);

        await host.StepAsync(dossier.Id, JourneySteps.JuryOpinion);
        Assert.True(DateTimeOffset.UtcNow >= dossier.Campaign.JuryDueAt(), "the phase waited for the silent juror until the jury was due");
        var late = await host.DecideAsync(Sign(dossier.Id, JourneySteps.JuryScore, "juror-2"), Bodies.Scored(3));
        Assert.Equal(ActionResultKind.Gone, late.Kind);
        Assert.Equal("cancelled", late.Code);
        Assert.Empty(host.Notifier.To(dossier.Id, MailKind.JuryReminder));
        Assert.Empty(host.Notifier.To(dossier.Id, MailKind.JuryInvitation));
        Assert.Empty(host.Notifier.To(dossier.Id, MailKind.JuryOpinionRequest));
        await host.WithdrawAsync(dossier);
    }

    /// <summary>A juror's, the president's or the CP's token for the dossier's step, as their workspace makes it.</summary>
    private string Sign(string dossierId, string step, string actor) =>
        host.Signer.Sign(new ActionClaims(dossierId, step, 1, actor, StepCatalog.DecisionsOf(step), DateTimeOffset.UtcNow.AddHours(1)));
}
