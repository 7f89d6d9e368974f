using Ami.Domain.States;
using Ami.Workflow.Activities;
using Ami.Workflow.Mail;
using Ami.Workflow.Ports;
using Ami.Workflow.Steps;
using Microsoft.DurableTask;
using static Ami.Workflow.Orchestrations.JourneyDecisions;

namespace Ami.Workflow.Orchestrations;

/// <summary>
/// The journey of one dossier (instance id = dossier id), from its receipt to the last payment, as the call
/// describes it: instruction by the Region's services, the call's closing, an optional audition, the jury's
/// grid, the Commission permanente, 70 % at the start, 30 % on the first year's bilan. People act through
/// signed links (<see cref="JourneyEvents.ActionDecided"/>) and the holder through the API; every wait is
/// raced against a durable timer whose durations come from the campaign.
/// </summary>
public static partial class DossierJourney
{
    public static async Task<JourneyOutcome> RunAsync(TaskOrchestrationContext context, JourneyInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var journey = new JourneyRun(context, input);
        try
        {
            // One code path per shipped version (docs/versioning.md): a change to the order of awaited calls gets a
            // new version string and an `if (journey.Version == ...)` branch, the old path staying while instances run.
            return await (journey.Version switch
            {
                // 1.1 awaits the same calls as 1.0 when timers fire on time; only a timer fired early is read differently.
                // 1.2 adds the antivirus gate before the jury (DossierJourney.Scanning.cs), on the 1.1 path otherwise.
                // 1.3 issues the jurors', president's and CP's links without mailing them (DossierJourney.Workspaces.cs).
                JourneyVersions.V1 or JourneyVersions.V1_1 or JourneyVersions.V1_2 or JourneyVersions.V1_3 => RunV1Async(journey),
                _ => throw new NotSupportedException($"Journey version '{journey.Version}' is not supported by this deployment."),
            });
        }
        catch (Exception e)
        {
            // No journey ends Failed silently: an error log with the dossier id, a timeline line, and the staff digest
            // lists failed journeys (DurableJourneyFailures) every day.
            await journey.FailAsync(e);
            throw;
        }
    }

    /// <summary>
    /// Versions 1.0 to 1.3: the call's text, phase after phase. Each phase goes on (with what the next ones need)
    /// or ends the journey; a later version reuses them and inserts its own (docs/versioning.md). The version
    /// branches stay inside the phases, where they take effect: the antivirus gate (1.2) and the campaign-wide
    /// jury (1.3) in <see cref="JuryAsync"/>, the campaign read again (1.3) in <see cref="WaitForCallToCloseAsync"/>.
    /// </summary>
    private static async Task<JourneyOutcome> RunV1Async(JourneyRun j)
    {
        j.SetBusy();
        await j.LoadPlanAsync();

        var eligible = await InstructAsync(j);
        if (eligible.Ended)
        {
            return eligible.Outcome;
        }

        var closed = await CloseAsync(j);
        if (closed.Ended)
        {
            return closed.Outcome;
        }

        var heard = await AuditionAsync(j, eligible.Value);
        if (heard.Ended)
        {
            return heard.Outcome;
        }

        var opinion = await JuryAsync(j);
        if (opinion.Ended)
        {
            return opinion.Outcome;
        }

        var granted = await DecideAsync(j, opinion.Value);
        if (granted.Ended)
        {
            return granted.Outcome;
        }

        var started = await StartAsync(j, grantedAt: granted.Value);
        if (started.Ended)
        {
            return started.Outcome;
        }

        return await BilanAsync(j, bilanDue: started.Value);
    }

    /// <summary>
    /// Instruction: the holder gets an acknowledgement of receipt; the Region's services check the dossier: eligible,
    /// ineligible (the holder is told why), or changes requested (the holder is told what and may file again until
    /// the call closes; silence = ineligible). Goes on with the eligibility decision and the audition staff asked for.
    /// </summary>
    private static async Task<Phase<Eligibility>> InstructAsync(JourneyRun j)
    {
        await j.MailAsync(MailKind.Receipt, TimelineEvents.Submitted.Name, j.Holder);
        for (var attempt = 1; ; attempt++)
        {
            var validation = await j.DecideAsync(JourneySteps.Validation, attempt, MailKind.ValidationRequest, j.AllStaff);
            if (validation is null)
            {
                return await j.WithdrawAsync();
            }

            var about = new DecisionRef(JourneySteps.Validation, attempt);
            var stepKey = JourneyRun.StepKey(JourneySteps.Validation, attempt);
            if (validation.Decision == Eligible)
            {
                var audition = validation.Audition;
                await j.RecordAsync(TimelineEvents.Decided(JourneySteps.Validation, Eligible), validation.Actor, DossierStatus.Eligible, audition ? JourneySteps.Audition : null);
                await j.MailAsync(MailKind.Eligible, stepKey, j.Holder, about);
                return Phase<Eligibility>.GoOn(new Eligibility(about, audition));
            }

            if (validation.Decision == Ineligible)
            {
                return await j.EndAsync(DossierStatus.Ineligible, TimelineEvents.Decided(JourneySteps.Validation, Ineligible), validation.Actor, MailKind.Ineligible, stepKey, about);
            }

            await j.RecordAsync(TimelineEvents.Decided(JourneySteps.Validation, ChangesRequested), validation.Actor, DossierStatus.ChangesRequested);
            j.Expect(JourneySteps.Resubmission, attempt, j.Plan.ClosesAt, JourneyEvents.Resubmitted, JourneyEvents.CampaignChanged);
            await j.MailAsync(MailKind.ChangesRequested, stepKey, j.Holder, about);
            var answer = await WaitForResubmissionAsync(j, attempt, about);
            if (answer == JourneyEvents.Withdrawn)
            {
                return await j.WithdrawAsync();
            }

            if (answer is null)
            {
                return await j.EndAsync(
                    DossierStatus.Ineligible, TimelineEvents.ChangesNotReceived, "system", MailKind.Ineligible,
                    JourneyRun.StepKey(JourneySteps.Resubmission, attempt), about,
                    new Dictionary<string, string> { [MailValues.Reason] = "Les modifications demandées n'ont pas été reçues avant la clôture de l'appel." });
            }

            await j.RecordAsync(TimelineEvents.Resubmitted, "holder", DossierStatus.Submitted);
            await j.MailAsync(MailKind.ResubmissionReceived, JourneyRun.StepKey(JourneySteps.Resubmission, attempt), j.Holder);
        }
    }

    /// <summary>Closing: nothing goes to the jury before the call closes (a deadline moved by staff is followed).</summary>
    private static async Task<Phase> CloseAsync(JourneyRun j) =>
        await WaitForCallToCloseAsync(j) ? Phase.GoOn : await j.WithdrawAsync();

    /// <summary>Audition, when staff asked for one: the holder is invited (date and place), staff say how it went.</summary>
    private static async Task<Phase> AuditionAsync(JourneyRun j, Eligibility eligibility)
    {
        if (!eligibility.Audition)
        {
            return Phase.GoOn;
        }

        await j.RecordAsync(TimelineEvents.AuditionInvited, "system", DossierStatus.Audition);
        await j.MailAsync(MailKind.AuditionInvitation, JourneyRun.StepKey(JourneySteps.Audition, 1), j.Holder, eligibility.Decision);
        var held = await j.DecideAsync(JourneySteps.Audition, 1, MailKind.AuditionRequest, j.AllStaff, eligibility.Decision);
        if (held is null)
        {
            return await j.WithdrawAsync();
        }

        await j.RecordAsync(TimelineEvents.Decided(JourneySteps.Audition, held.Decision), held.Actor);
        return Phase.GoOn;
    }

    /// <summary>
    /// Jury: (1.2) it is invited only to a dossier whose files are all safe (DossierJourney.Scanning.cs); it scores the
    /// dossier on the grid, per dossier or (1.3) from the jurors' workspaces (DossierJourney.Workspaces.cs); its
    /// president gives the jury's opinion. Goes on with the opinion the Commission permanente decides on.
    /// </summary>
    private static async Task<Phase<DecisionRef>> JuryAsync(JourneyRun j)
    {
        if (j.Version is not (JourneyVersions.V1 or JourneyVersions.V1_1) && !await WaitForSafeAttachmentsAsync(j))
        {
            return await j.WithdrawAsync();
        }

        await j.RecordAsync(TimelineEvents.JuryOpened, "system", DossierStatus.Jury);
        if (!await (j.CampaignWide ? RunCampaignWideJuryAsync(j) : RunJuryAsync(j, attempt: 1)))
        {
            return await j.WithdrawAsync();
        }

        var jury = await j.AggregateJuryAsync(attempt: 1);
        await j.RecordAsync(TimelineEvents.JuryScored, "jury", detail: French.Count(jury.Sheets, "grille", "grilles") + ", " + French.Count(jury.Conflicts, "conflit", "conflits"));
        var opinion = await j.DecideAsync(JourneySteps.JuryOpinion, 1, MailKind.JuryOpinionRequest, j.JuryPresident, quiet: j.CampaignWide);
        if (opinion is null)
        {
            return await j.WithdrawAsync();
        }

        await j.RecordAsync(TimelineEvents.Decided(JourneySteps.JuryOpinion, opinion.Decision), opinion.Actor, DossierStatus.Cp);
        return Phase<DecisionRef>.GoOn(new DecisionRef(JourneySteps.JuryOpinion, 1));
    }

    /// <summary>
    /// Decision: the Commission permanente decides on the jury's <paramref name="opinion"/>; the holder is told the
    /// jury's conclusions and the CP's decision. Granted, the journey awaits the start from then on (before the mail,
    /// so that a quick declaration is taken) and goes on with the instant of the grant. (A phase a later version
    /// inserts before the start says what it awaits itself: its first wait sets the custom status again.)
    /// </summary>
    private static async Task<Phase<DateTimeOffset>> DecideAsync(JourneyRun j, DecisionRef opinion)
    {
        var cp = await j.DecideAsync(JourneySteps.CpDecision, 1, MailKind.CpDecisionRequest, j.CpSecretariat, opinion, quiet: j.CampaignWide);
        if (cp is null)
        {
            return await j.WithdrawAsync();
        }

        var decision = new DecisionRef(JourneySteps.CpDecision, 1);
        await j.RecordCpDecisionAsync(attempt: 1, opinionAttempt: opinion.Attempt);
        if (cp.Decision == Refused)
        {
            return await j.EndAsync(DossierStatus.Refused, TimelineEvents.Decided(JourneySteps.CpDecision, Refused), cp.Actor, MailKind.DecisionRefused, JourneyRun.StepKey(JourneySteps.CpDecision, 1), decision);
        }

        await j.RecordAsync(TimelineEvents.Decided(JourneySteps.CpDecision, Granted), cp.Actor, DossierStatus.Granted);
        j.Expect(JourneySteps.Start, 1, null, JourneyEvents.StartDeclared);
        await j.MailAsync(MailKind.DecisionGranted, JourneyRun.StepKey(JourneySteps.CpDecision, 1), j.Holder, decision);
        return Phase<DateTimeOffset>.GoOn(j.Now);
    }

    /// <summary>
    /// Start: the holder declares the start of the action (staff alerted when it is late since <paramref name="grantedAt"/>);
    /// the first instalment (70 %) is released. Goes on with the date the bilan is due.
    /// </summary>
    private static async Task<Phase<DateTimeOffset>> StartAsync(JourneyRun j, DateTimeOffset grantedAt)
    {
        var start = await WaitForStartAsync(j, grantedAt);
        if (start is null)
        {
            return await j.WithdrawAsync();
        }

        var bilanDue = await j.RecordStartAsync(start.StartDate);
        await j.ReleaseAsync(1);
        j.Expect(JourneySteps.Bilan, 1, bilanDue, JourneyEvents.BilanSubmitted);
        await j.MailAsync(MailKind.StartAcknowledged, JourneySteps.Start, j.Holder);
        return Phase<DateTimeOffset>.GoOn(bilanDue);
    }

    /// <summary>
    /// Bilan: the first year's bilan (reminders before and after it is due), checked by staff; changes requested send
    /// it back to the holder. Accepted: the rest of the grant (30 %) is released and the dossier closed. The last phase.
    /// </summary>
    private static async Task<JourneyOutcome> BilanAsync(JourneyRun j, DateTimeOffset bilanDue)
    {
        ActionDecision review;
        for (var number = 1; ; number++)
        {
            if (!await WaitForBilanAsync(j, number, bilanDue))
            {
                return await j.WithdrawAsync();
            }

            await j.RecordAsync(TimelineEvents.BilanSubmitted, "holder", DossierStatus.BilanSubmitted, $"bilan {number}");
            await j.MailAsync(MailKind.BilanReceived, JourneyRun.StepKey(JourneySteps.Bilan, number), j.Holder);
            var checkedBilan = await j.DecideAsync(JourneySteps.BilanValidation, number, MailKind.BilanValidationRequest, j.AllStaff);
            if (checkedBilan is null)
            {
                return await j.WithdrawAsync();
            }

            review = checkedBilan;
            if (review.Decision == Accepted)
            {
                break;
            }

            var about = new DecisionRef(JourneySteps.BilanValidation, number);
            await j.RecordAsync(TimelineEvents.Decided(JourneySteps.BilanValidation, ChangesRequested), review.Actor, DossierStatus.BilanDue);
            j.Expect(JourneySteps.Bilan, number + 1, bilanDue, JourneyEvents.BilanSubmitted);
            await j.MailAsync(MailKind.BilanChangesRequested, JourneyRun.StepKey(JourneySteps.BilanValidation, number), j.Holder, about);
        }

        j.CloseWithdrawal();
        await j.RecordAsync(TimelineEvents.Decided(JourneySteps.BilanValidation, Accepted), review.Actor);
        for (var instalment = 2; instalment <= j.Plan.InstalmentCount; instalment++)
        {
            await j.ReleaseAsync(instalment);
        }

        return await j.EndAsync(DossierStatus.Closed, TimelineEvents.Closed, "system", MailKind.Closed, TimelineEvents.Closed.Name);
    }

    /// <summary>
    /// Changes requested: waits for the holder's new filing until the call closes, reminding the holder
    /// before the deadline (J-7, J-2). Returns <see cref="JourneyEvents.Resubmitted"/>, <see cref="JourneyEvents.Withdrawn"/>,
    /// or null when the deadline passed.
    /// </summary>
    private static async Task<string?> WaitForResubmissionAsync(JourneyRun j, int attempt, DecisionRef request)
    {
        var stepKey = JourneyRun.StepKey(JourneySteps.Resubmission, attempt);
        while (true)
        {
            var until = j.Plan.ClosesAt;
            if (j.Clock >= until)
            {
                return null;
            }

            var reminders = JourneyRun.Before(until, j.Plan.Schedule.ChangesRemindersBeforeDeadline, j.Clock);
            var fireAt = reminders.Count > 0 ? reminders[0] : until;
            var arrival = await j.WaitAsync(JourneySteps.Resubmission, attempt, until, fireAt, JourneyEvents.Resubmitted, JourneyEvents.CampaignChanged);
            switch (arrival)
            {
                case JourneyEvents.Withdrawn:
                    return arrival;
                case JourneyEvents.Resubmitted:
                    await j.TakeAsync<JourneySignal>(arrival);

                    // The intake stores the new dossier before announcing it: still "changes-requested" = a stale duplicate.
                    if (await j.ReadStatusAsync() == DossierStatus.ChangesRequested)
                    {
                        j.Stale(arrival, JourneySteps.Resubmission, attempt, stepKey);
                        break;
                    }

                    return arrival;
                case JourneyEvents.CampaignChanged:
                    await j.TakeAsync<JourneySignal>(arrival);
                    await j.LoadPlanAsync();
                    break;
                case null when j.Clock < until:
                    await j.MailAsync(MailKind.ChangesReminder, JourneyRun.ReminderKey(stepKey, fireAt), j.Holder, request);
                    break;
            }
        }
    }

    /// <summary>
    /// Waits for the call to close, following a deadline changed meanwhile. False when the holder withdrew.
    /// The timer is armed <see cref="JourneyRun.TimerLead"/> after the close: nothing leaves for the jury while
    /// the call is still open by the wall clock, though the engine may deliver a timer that much early.
    /// </summary>
    private static async Task<bool> WaitForCallToCloseAsync(JourneyRun j)
    {
        // 1.3: the campaign is read again as the wait begins, so a change staff made while the journey was busy
        // (validating, mailing: no wait accepted the event then) is not missed; the event covers changes after.
        if (j.CampaignWide)
        {
            await j.LoadPlanAsync();
        }

        while (j.Clock < j.Plan.ClosesAt)
        {
            var arrival = await j.WaitAsync(JourneySteps.CallClosing, 1, j.Plan.ClosesAt, j.Plan.ClosesAt + JourneyRun.TimerLead, JourneyEvents.CampaignChanged);
            if (arrival == JourneyEvents.Withdrawn)
            {
                return false;
            }

            if (arrival == JourneyEvents.CampaignChanged)
            {
                await j.TakeAsync<JourneySignal>(arrival);
                await j.LoadPlanAsync();
            }
        }

        return true;
    }

    /// <summary>A juror's answer (a sheet or a conflict) to the jury of <paramref name="attempt"/>; anything else is stale.</summary>
    private static async Task TakeSheetAsync(JourneyRun j, int attempt, Dictionary<int, string> answers)
    {
        var decision = await j.TakeAsync<ActionDecision>(JourneyEvents.ActionDecided);
        if (decision is not null && JourneyRun.Matches(decision, JourneySteps.JuryScore, attempt) && JurorIndex(decision.Actor) is { } index)
        {
            answers[index] = decision.Decision;
        }
        else
        {
            j.Stale(JourneyEvents.ActionDecided, decision?.Step, decision?.Attempt, JourneySteps.JuryScore);
        }
    }

    /// <summary>
    /// A <c>jury-score</c> link to each juror; a juror may declare a conflict of interest (excluded). Late jurors are
    /// reminded; the phase ends when every juror has answered or when the jury is due, provided there are at
    /// least two sheets. Fewer: staff are alerted (again every reminder period) and the jury stays open, also to
    /// jurors added to the campaign meanwhile. False when the holder withdrew.
    /// </summary>
    private static async Task<bool> RunJuryAsync(JourneyRun j, int attempt)
    {
        const int MinimumSheets = 2;
        var stepKey = JourneyRun.StepKey(JourneySteps.JuryScore, attempt);
        var answers = new Dictionary<int, string>();
        var invited = j.Plan.JurorCount;
        var sent = await j.SendLinksAsync(JourneySteps.JuryScore, attempt, MailKind.JuryInvitation, stepKey, JourneyRun.Jurors(0, invited), values: JourneyRun.DueAt(j.Plan.JuryDueAt), until: j.Plan.JuryDueAt, alsoAccepted: JourneyEvents.CampaignChanged);
        Merge(sent.Recorded);
        DateTimeOffset? escalateAt = null;

        while (true)
        {
            var sheets = answers.Values.Count(a => a == Scored);
            var allAnswered = Enumerable.Range(0, invited).All(answers.ContainsKey);
            var due = j.Plan.JuryDueAt;
            if (sheets >= MinimumSheets && (allAnswered || j.Clock >= due))
            {
                return true;
            }

            var shortOfSheets = allAnswered || j.Clock >= due;
            if (shortOfSheets && (escalateAt is null || j.Clock >= escalateAt))
            {
                var values = JourneyRun.DueAt(due);
                values[MailValues.Sheets] = Invariant(sheets);
                await j.MailAsync(MailKind.JuryEscalation, JourneyRun.ReminderKey(stepKey + ":escalation", j.Clock), j.AllStaff, values: values);
                escalateAt = j.Plan.Schedule.StaffReminderEvery.AddTo(j.Clock);
            }

            var reminders = JourneyRun.Before(due, j.Plan.Schedule.JuryRemindersBeforeDue, j.Clock);
            var fireAt = shortOfSheets ? escalateAt!.Value : reminders.Count > 0 ? reminders[0] : due;
            var arrival = await j.WaitAsync(JourneySteps.JuryScore, attempt, due, fireAt, JourneyEvents.ActionDecided, JourneyEvents.CampaignChanged);
            switch (arrival)
            {
                case JourneyEvents.Withdrawn:
                    return false;
                case JourneyEvents.ActionDecided:
                    await TakeSheetAsync(j, attempt, answers);
                    break;
                case JourneyEvents.CampaignChanged:
                    // The campaign changed: the due date may have moved, jurors may have been added.
                    await j.TakeAsync<JourneySignal>(arrival);
                    await j.LoadPlanAsync();
                    if (j.Plan.JurorCount > invited)
                    {
                        sent = await j.SendLinksAsync(JourneySteps.JuryScore, attempt, MailKind.JuryInvitation, $"{stepKey}:from-{Invariant(invited)}", JourneyRun.Jurors(invited, j.Plan.JurorCount), values: JourneyRun.DueAt(j.Plan.JuryDueAt), until: j.Plan.JuryDueAt, alsoAccepted: JourneyEvents.CampaignChanged);
                        invited = j.Plan.JurorCount;
                        Merge(sent.Recorded);
                    }

                    break;
                case null when !shortOfSheets && j.Clock < due:
                    var late = JourneyRun.Jurors(0, invited).Where(r => !answers.ContainsKey(r.Index)).ToList();
                    sent = await j.SendLinksAsync(JourneySteps.JuryScore, attempt, MailKind.JuryReminder, JourneyRun.ReminderKey(stepKey, fireAt), late, onlyPending: true, values: JourneyRun.DueAt(due), until: due, alsoAccepted: JourneyEvents.CampaignChanged);
                    Merge(sent.Recorded);
                    break;
            }
        }

        void Merge(IReadOnlyList<ActionDecision> recorded)
        {
            foreach (var d in recorded)
            {
                if (JourneyRun.Matches(d, JourneySteps.JuryScore, attempt) && JurorIndex(d.Actor) is { } i)
                {
                    answers.TryAdd(i, d.Decision);
                }
            }
        }
    }

    /// <summary>Waits for the holder to declare the start; staff are alerted when it is late. Null when the holder withdrew.</summary>
    private static async Task<StartDeclaration?> WaitForStartAsync(JourneyRun j, DateTimeOffset grantedAt)
    {
        var alertAt = j.Plan.Schedule.StartExpectedWithin.AddTo(j.Clock);
        while (true)
        {
            var arrival = await j.WaitAsync(JourneySteps.Start, 1, until: null, alertAt, JourneyEvents.StartDeclared);
            if (arrival == JourneyEvents.Withdrawn)
            {
                return null;
            }

            if (arrival == JourneyEvents.StartDeclared && await j.TakeAsync<StartDeclaration>(arrival) is { } start)
            {
                return start;
            }

            if (arrival is null)
            {
                await j.MailAsync(MailKind.StaffReminder, JourneyRun.ReminderKey(JourneySteps.Start, alertAt), j.AllStaff, values: JourneyRun.Waiting(JourneySteps.Start, grantedAt));
                alertAt = j.Plan.Schedule.StaffReminderEvery.AddTo(j.Clock);
            }
        }
    }

    /// <summary>
    /// Waits for bilan number <paramref name="number"/>: reminders to the holder before it is due (M-1, J-7),
    /// the status moves to <c>bilan-due</c> on the due date, overdue reminders after (J+7) go to the holder and
    /// staff, then staff are reminded every reminder period. False when the holder withdrew.
    /// </summary>
    private static async Task<bool> WaitForBilanAsync(JourneyRun j, int number, DateTimeOffset due)
    {
        var stepKey = JourneyRun.StepKey(JourneySteps.Bilan, number);
        var schedule = j.Plan.Schedule;
        DateTimeOffset? staffAt = null;
        while (true)
        {
            var before = JourneyRun.Before(due, schedule.BilanRemindersBeforeDue, j.Clock);
            var after = JourneyRun.After(due, schedule.BilanRemindersAfterDue, j.Clock);
            var overdueSince = j.Clock >= due;
            var fireAt = before.Count > 0 ? before[0]
                : !overdueSince ? due
                : after.Count > 0 ? after[0]
                : staffAt ??= schedule.StaffReminderEvery.AddTo(j.Clock);
            var arrival = await j.WaitAsync(JourneySteps.Bilan, number, due, fireAt, JourneyEvents.BilanSubmitted);
            if (arrival == JourneyEvents.Withdrawn)
            {
                return false;
            }

            if (arrival == JourneyEvents.BilanSubmitted)
            {
                var handedIn = await j.TakeAsync<BilanHandedIn>(arrival);
                if (handedIn?.Number == number)
                {
                    return true;
                }

                j.Stale(arrival, JourneySteps.Bilan, handedIn?.Number, stepKey);
                continue;
            }

            var key = JourneyRun.ReminderKey(stepKey, fireAt);
            if (fireAt < due)
            {
                await j.MailAsync(MailKind.BilanReminder, key, j.Holder);
            }
            else if (fireAt == due)
            {
                await j.RecordAsync(TimelineEvents.BilanDue, "system", DossierStatus.BilanDue);
            }
            else if (staffAt is null)
            {
                await j.MailAsync(MailKind.BilanOverdue, key, j.HolderAndStaff);
            }
            else
            {
                await j.MailAsync(MailKind.StaffReminder, key, j.AllStaff, values: JourneyRun.Waiting(JourneySteps.Bilan, due));
                staffAt = schedule.StaffReminderEvery.AddTo(j.Clock);
            }
        }
    }

    private static int? JurorIndex(string actor) => Actions.ActionKeys.IndexOf(actor, RecipientRole.Juror);

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
