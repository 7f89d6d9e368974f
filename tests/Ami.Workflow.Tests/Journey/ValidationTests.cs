using Ami.Domain.Campaigns;
using Ami.Domain.States;
using Ami.Workflow.Actions;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;
using Microsoft.DurableTask.Client;

namespace Ami.Workflow.Tests.Journey;

public sealed class ValidationTests(JourneyHost host) : IClassFixture<JourneyHost>
{
    [Fact]
    public async Task Validation_Ineligible_EndsAndTellsTheHolderWhy()
    {
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(30)));

        await host.DecideStepAsync(dossier.Id, JourneySteps.Validation, RecipientRole.Staff, Bodies.Ineligible("Le porteur n'est pas établi en Aquitaine."), index: 1);

        Assert.Equal("ineligible", (await host.OutcomeAsync(dossier.Id)).Status);
        var mail = Assert.Single(await host.MailsAsync(dossier.Id, MailKind.Ineligible, role: RecipientRole.Holder));
        Assert.Equal("Le porteur n'est pas établi en Aquitaine.", mail.Values!["reason"]);
        Assert.Equal([DossierStatus.Submitted, DossierStatus.Ineligible], host.Dossiers.StatusesOf(dossier.Id));
        Assert.Contains(host.Timeline.Events(dossier.Id), e => e.Event == "validation:ineligible" && e.Actor == "staff-1");
        Assert.Empty(host.Notifier.To(dossier.Id, MailKind.JuryInvitation));
    }

    [Fact]
    public async Task Validation_ChangesRequestedThenResubmitted_ValidatedAgainWithNewLinksAndOldOnesStale()
    {
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(30)));
        await host.DecideStepAsync(dossier.Id, JourneySteps.Validation, RecipientRole.Staff, Bodies.ChangesRequested("Joignez les comptes annuels 2014."));
        var otherStaffFirstLink = await host.LinkAsync(dossier.Id, JourneySteps.Validation, RecipientRole.Staff, index: 1);

        var waiting = await host.StepAsync(dossier.Id, JourneySteps.Resubmission);
        Assert.Contains(JourneyEvents.Resubmitted, waiting.Accepts);
        // The journey says it waits (custom status) just before it mails the holder: the mail may follow by a moment.
        var asked = Assert.Single(await host.MailsAsync(dossier.Id, MailKind.ChangesRequested, role: RecipientRole.Holder));
        Assert.Equal("Joignez les comptes annuels 2014.", asked.Values!["comment"]);

        // An announcement without a stored replacement (a duplicate) is ignored and logged.
        Assert.Equal(RaiseOutcome.Raised, await Announce(dossier));
        await host.Until(() => host.Logs.Messages.Any(m => m.Contains(dossier.Id, StringComparison.Ordinal) && m.Contains("stale Resubmitted", StringComparison.Ordinal)));
        Assert.Equal(JourneySteps.Resubmission, (await host.StepAsync(dossier.Id, JourneySteps.Resubmission)).Step);

        // What the holder's PUT does: store the new dossier (status submitted), then announce it.
        await host.Dossiers.UpdateAsync(dossier.Id, r => r with { Status = DossierStatus.Submitted }, CancellationToken.None);
        Assert.Equal(RaiseOutcome.Raised, await Announce(dossier));

        await host.DecideStepAsync(dossier.Id, JourneySteps.Validation, RecipientRole.Staff, Bodies.Eligible(), index: 1, attempt: 2);
        await host.StepAsync(dossier.Id, JourneySteps.CallClosing);

        var stale = await host.DecideAsync(otherStaffFirstLink, Bodies.Eligible());
        Assert.Equal(ActionResultKind.Conflict, stale.Kind);
        Assert.Equal("already-decided", stale.Code); // the first attempt was decided by staff-0, who is named
        Assert.Equal("staff-0 (instruction1@region.example)", stale.DecidedBy);
        Assert.Equal("changes-requested", stale.Decision!.Decision);
        Assert.Equal(
            [DossierStatus.Submitted, DossierStatus.ChangesRequested, DossierStatus.Submitted, DossierStatus.Eligible],
            host.Dossiers.StatusesOf(dossier.Id));
        Assert.Equal(2, host.Notifier.To(dossier.Id, MailKind.ValidationRequest, RecipientRole.Staff).Count(n => n.To.Index == 0));
        Assert.Single(await host.MailsAsync(dossier.Id, MailKind.ResubmissionReceived, role: RecipientRole.Holder));

        await host.WithdrawAsync(dossier);
        Assert.Equal("withdrawn", (await host.OutcomeAsync(dossier.Id)).Status);
    }

    [Fact]
    public async Task Validation_ChangesRequestedWithoutAnswer_RemindedTwiceThenIneligibleAtTheDeadline()
    {
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(7)));
        await host.DecideStepAsync(dossier.Id, JourneySteps.Validation, RecipientRole.Staff, Bodies.ChangesRequested("Précisez le rôle de l'équipe de recherche."));

        Assert.Equal("ineligible", (await host.OutcomeAsync(dossier.Id)).Status);

        var reminders = host.Notifier.To(dossier.Id, MailKind.ChangesReminder, RecipientRole.Holder);
        Assert.Equal(2, reminders.Count);
        Assert.All(reminders, r => Assert.Equal("Précisez le rôle de l'équipe de recherche.", r.Values!["comment"]));
        var ineligible = Assert.Single(await host.MailsAsync(dossier.Id, MailKind.Ineligible));
        Assert.Contains("clôture", ineligible.Values!["reason"], StringComparison.Ordinal);
        Assert.True(DateTimeOffset.UtcNow >= dossier.Campaign.Deadline.ClosesAt);
        Assert.Equal([DossierStatus.Submitted, DossierStatus.ChangesRequested, DossierStatus.Ineligible], host.Dossiers.StatusesOf(dossier.Id));
        Assert.Contains(host.Timeline.Events(dossier.Id), e => e.Event == "changes-requested:deadline-passed" && e.Actor == "system");
    }

    [Fact]
    public async Task Validation_EventForAnotherStep_IsIgnoredAndLoggedAndTheStepStillWaits()
    {
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(30)));
        await host.StepAsync(dossier.Id, JourneySteps.Validation);

        // Refused at the door: the journey does not wait for a start declaration now.
        Assert.Equal(RaiseOutcome.NotWaiting, await host.Client.TryRaiseAsync(dossier.Id, JourneyEvents.StartDeclared, new StartDeclaration(new DateOnly(2015, 10, 1)), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, null, knownStatus: null, CancellationToken.None));

        // Raised anyway (a race past the door): the orchestration checks the step and ignores it.
        await host.Client.RaiseEventAsync(dossier.Id, JourneyEvents.ActionDecided, new ActionDecision(JourneySteps.JuryScore, 1, "juror-0", "scored"));
        await host.Until(() => host.Logs.Messages.Any(m => m.Contains(dossier.Id, StringComparison.Ordinal) && m.Contains("stale ActionDecided", StringComparison.Ordinal)));
        Assert.Contains(host.Logs.Messages, m => m.Contains(dossier.Id, StringComparison.Ordinal) && m.Contains("stale ActionDecided for jury-score#1 ignored while waiting for validation", StringComparison.Ordinal));
        var status = await host.StepAsync(dossier.Id, JourneySteps.Validation);
        Assert.Equal(1, status.Attempt);

        await host.DecideStepAsync(dossier.Id, JourneySteps.Validation, RecipientRole.Staff, Bodies.Ineligible("Hors champ de l'appel."));
        Assert.Equal("ineligible", (await host.OutcomeAsync(dossier.Id)).Status);
    }

    [Fact]
    public async Task Deadline_ExtendedWhileChangesAreAwaited_TheHolderGetsTheNewDeadline()
    {
        var campaign = host.Campaign(TimeSpan.FromSeconds(5));
        var dossier = await host.FileAsync(campaign);
        await host.DecideStepAsync(dossier.Id, JourneySteps.Validation, RecipientRole.Staff, Bodies.ChangesRequested("Ajoutez le budget prévisionnel."));
        await host.StepAsync(dossier.Id, JourneySteps.Resubmission);

        var extended = campaign with { Deadline = CampaignDeadline.LastSecond(campaign.Deadline.ClosesAt.AddSeconds(6)) };
        await host.Campaigns.UpsertAsync(extended, CancellationToken.None);
        // What the campaign replacement (POST /api/campaigns) does for each journey that accepts it.
        Assert.Equal(RaiseOutcome.Raised, await host.Client.TryRaiseAsync(dossier.Id, JourneyEvents.CampaignChanged, new JourneySignal("staff"), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, null, knownStatus: null, CancellationToken.None));

        while (DateTimeOffset.UtcNow < campaign.Deadline.ClosesAt.AddSeconds(1))
        {
            await Task.Delay(100);
        }

        var status = await host.StepAsync(dossier.Id, JourneySteps.Resubmission);
        Assert.Equal(extended.Deadline.ClosesAt, status.Until);
        await host.Dossiers.UpdateAsync(dossier.Id, r => r with { Status = DossierStatus.Submitted }, CancellationToken.None);
        Assert.Equal(RaiseOutcome.Raised, await Announce(dossier));
        await host.DecideStepAsync(dossier.Id, JourneySteps.Validation, RecipientRole.Staff, Bodies.Eligible(), attempt: 2);

        // The call now closes later: the dossier waits for the new deadline before the jury.
        var closing = await host.StepAsync(dossier.Id, JourneySteps.CallClosing);
        Assert.Equal(extended.Deadline.ClosesAt, closing.Until);
        await host.StepAsync(dossier.Id, JourneySteps.JuryScore);
        Assert.True(DateTimeOffset.UtcNow >= extended.Deadline.ClosesAt);
        await host.WithdrawAsync(dossier);
    }

    private Task<RaiseOutcome> Announce(Dossier dossier) =>
        host.Client.TryRaiseAsync(dossier.Id, JourneyEvents.Resubmitted, new JourneySignal("holder"), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, null, knownStatus: null, CancellationToken.None);
}
