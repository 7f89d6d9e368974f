using System.Globalization;
using System.Text.Json;
using Ami.Domain.Campaigns;
using Ami.Domain.States;
using Ami.Workflow.Activities;
using Ami.Workflow.Mail;
using Ami.Workflow.Ports;
using Ami.Workflow.Steps;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Ami.Workflow.Orchestrations;

/// <summary>
/// The moves <see cref="DossierJourney"/> is written with: record a transition, mail, issue links, wait for a
/// person against a durable timer. Orchestrator code: deterministic, no I/O (everything goes through activities).
/// </summary>
/// <remarks>
/// Event waiters are never abandoned: one waiter per event name stays pending across waits and is reused by the
/// next wait, so an event that arrives while the journey is elsewhere is kept, checked against the step and
/// attempt it was meant for, and logged when stale — never swallowed by a cancelled waiter. Timers are the
/// losers that get cancelled.
/// </remarks>
internal sealed class JourneyRun
{
    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromSeconds(2), 2.0, TimeSpan.FromMinutes(1)));

    private readonly TaskOrchestrationContext _context;
    private readonly Dictionary<string, Task> _inbox = new(StringComparer.Ordinal);
    private int _sequence;
    private DateTimeOffset? _firedFor;
    private bool _withdrawable = true;

    public JourneyRun(TaskOrchestrationContext context, JourneyInput input)
    {
        _context = context;
        Input = input;
        Version = JourneyVersions.Of(context.Version);
    }

    public JourneyInput Input { get; }

    /// <summary>
    /// 1.3: the jurors, the president and the CP work on the whole call from their workspaces; the journey issues their
    /// links without mailing them (the campaign's calendar mails each person once) and sends no per-dossier jury reminder.
    /// </summary>
    public bool CampaignWide => Version is not (JourneyVersions.V1 or JourneyVersions.V1_1 or JourneyVersions.V1_2);

    /// <summary>The orchestration context, for the phases written in other files (sub-orchestrations).</summary>
    public TaskOrchestrationContext Context => _context;

    public string DossierId => Input.DossierId;

    /// <summary>The instance's orchestration version (empty = 1.0).</summary>
    public string Version { get; }

    public JourneyPlan Plan { get; private set; } = null!;

    public DateTimeOffset Now => new(DateTime.SpecifyKind(_context.CurrentUtcDateTime, DateTimeKind.Utc));

    /// <summary>
    /// The instant the waits reason with: <see cref="Now"/>, but never before the instant of the last timer that
    /// fired. Durable timers are handled up to half a second before their instant; the timer that fired says its
    /// instant has come, so a wait never takes an early deadline timer for a reminder, nor arms a second timer for
    /// the same instant. 1.0 instances keep <see cref="Now"/> (docs/versioning.md: their histories replay as written).
    /// </summary>
    /// <summary>
    /// How early the engine may deliver a durable timer: the Azure Storage provider schedules it as a queue
    /// message whose visibility delay the queue client truncates to whole seconds.
    /// </summary>
    public static readonly TimeSpan TimerLead = TimeSpan.FromSeconds(1);

    public DateTimeOffset Clock => Version != JourneyVersions.V1 && _firedFor is { } fired && fired > Now ? fired : Now;

    public IReadOnlyList<Recipient> Holder { get; } = [new Recipient(RecipientRole.Holder)];

    public IReadOnlyList<Recipient> AllStaff => [.. Enumerable.Range(0, Plan.StaffCount).Select(i => new Recipient(RecipientRole.Staff, i))];

    public IReadOnlyList<Recipient> HolderAndStaff => [.. Holder, .. AllStaff];

    public IReadOnlyList<Recipient> JuryPresident { get; } = [new Recipient(RecipientRole.JuryPresident)];

    public IReadOnlyList<Recipient> CpSecretariat { get; } = [new Recipient(RecipientRole.CpSecretariat)];

    public static IReadOnlyList<Recipient> Jurors(int from, int to) => [.. Enumerable.Range(from, to - from).Select(i => new Recipient(RecipientRole.Juror, i))];

    // ---- Activities -------------------------------------------------------------------------------------------

    public async Task LoadPlanAsync()
    {
        Plan = await JourneyActivities.LoadJourneyPlan.CallAsync(_context, new JourneyPlanRequest(DossierId, Input.CampaignId), Retry);
    }

    /// <summary>Appends a line to the timeline (key <c>{instanceId}:{sequence}</c>) and moves the status when <paramref name="to"/> is given.</summary>
    public Task RecordAsync(TimelineEvent evt, string actor, DossierStatus? to = null, string? detail = null) =>
        JourneyActivities.RecordTransition.CallAsync(_context, new TransitionRequest(DossierId, NextTimelineKey(), Now, evt.Name, actor, to, detail), Retry);

    public Task MailAsync(MailKind kind, string stepKey, IReadOnlyList<Recipient> to, DecisionRef? decision = null, IReadOnlyDictionary<string, string>? values = null) =>
        JourneyActivities.SendMail.CallAsync(_context, new MailRequest(DossierId, kind, stepKey, to, decision, values), Retry);

    /// <summary>
    /// Issues and mails the step's links. The status says the step is awaited before the mails leave, so a link
    /// used as soon as it arrives is taken (the event waits in the instance's queue until the wait begins).
    /// </summary>
    public Task<ActionLinksSent> SendLinksAsync(
        string step,
        int attempt,
        MailKind kind,
        string stepKey,
        IReadOnlyList<Recipient> to,
        bool onlyPending = false,
        DecisionRef? about = null,
        IReadOnlyDictionary<string, string>? values = null,
        DateTimeOffset? until = null,
        bool quiet = false,
        params string[] alsoAccepted)
    {
        Expect(step, attempt, until, [JourneyEvents.ActionDecided, .. alsoAccepted]);
        return JourneyActivities.SendActionLinks.CallAsync(
            _context,
            new ActionLinksRequest(DossierId, step, attempt, kind, stepKey, to, StepCatalog.DecisionsOf(step), Now, Plan.Schedule.ActionLinkValidity.AddTo(Now), onlyPending, about, values) { Quiet = quiet },
            Retry);
    }

    /// <summary>Voids the dossier's pending links (1.3: the jurors' links still pending when the jury phase ends).</summary>
    public Task<int> VoidPendingLinksAsync() =>
        JourneyActivities.CancelPendingActions.CallAsync(_context, DossierId, Retry);

    public Task<JurySummary> AggregateJuryAsync(int attempt) =>
        JourneyActivities.AggregateJury.CallAsync(_context, new JuryRequest(DossierId, attempt), Retry);

    public Task RecordCpDecisionAsync(int attempt, int opinionAttempt) =>
        JourneyActivities.RecordCpDecision.CallAsync(_context, new CpDecisionRequest(DossierId, attempt, opinionAttempt), Retry);

    public Task<DateTimeOffset> RecordStartAsync(DateOnly startDate) =>
        JourneyActivities.RecordStart.CallAsync(_context, new StartRequest(DossierId, startDate, Now, NextTimelineKey()), Retry);

    public Task<DossierStatus> ReadStatusAsync() =>
        JourneyActivities.ReadDossierStatus.CallAsync(_context, DossierId, Retry);

    public Task<InstalmentReleased> ReleaseAsync(int number) =>
        JourneyActivities.ReleaseInstalment.CallAsync(_context, new InstalmentRequest(DossierId, number, Now, NextTimelineKey()), Retry);

    // ---- Waiting for people -----------------------------------------------------------------------------------

    /// <summary>
    /// Sends the step's links, then waits for the decision; staff (or the president, the CP) are reminded
    /// every <see cref="CampaignSchedule.StaffReminderEvery"/> with fresh links. Null when the holder withdrew.
    /// </summary>
    /// <param name="quiet">Issue the links without mailing them, nor reminding (1.3's president and CP: the calendar mails them once).</param>
    public async Task<ActionDecision?> DecideAsync(string step, int attempt, MailKind kind, IReadOnlyList<Recipient> to, DecisionRef? about = null, bool quiet = false)
    {
        var stepKey = StepKey(step, attempt);
        var since = Now;
        var sent = await SendLinksAsync(step, attempt, kind, stepKey, to, about: about, quiet: quiet);
        if (sent.Recorded.FirstOrDefault(d => Matches(d, step, attempt)) is { } early)
        {
            return early;
        }

        var remindAt = Plan.Schedule.StaffReminderEvery.AddTo(Now);
        while (true)
        {
            var arrival = await WaitAsync(step, attempt, until: null, fireAt: remindAt, JourneyEvents.ActionDecided);
            if (arrival == JourneyEvents.Withdrawn)
            {
                return null;
            }

            if (arrival == JourneyEvents.ActionDecided)
            {
                var decision = await TakeAsync<ActionDecision>(JourneyEvents.ActionDecided);
                if (decision is not null && Matches(decision, step, attempt))
                {
                    return decision;
                }

                Stale(JourneyEvents.ActionDecided, decision?.Step, decision?.Attempt, step);
                continue;
            }

            // Nobody decided yet: remind those whose link is still pending (and pick up a decision whose event was lost).
            sent = await SendLinksAsync(step, attempt, MailKind.StaffReminder, ReminderKey(stepKey, Clock), to, onlyPending: true, values: Waiting(step, since), quiet: quiet);
            if (sent.Recorded.FirstOrDefault(d => Matches(d, step, attempt)) is { } recorded)
            {
                return recorded;
            }

            remindAt = Plan.Schedule.StaffReminderEvery.AddTo(Clock);
        }
    }

    /// <summary>
    /// Waits for one of <paramref name="events"/> (or the holder's withdrawal) until <paramref name="fireAt"/>;
    /// the custom status says what is awaited so that handlers raise only expected events. Returns the event
    /// that arrived (take its payload with <see cref="TakeAsync{T}"/>), or null when the timer fired first.
    /// </summary>
    public async Task<string?> WaitAsync(string step, int attempt, DateTimeOffset? until, DateTimeOffset? fireAt, params string[] events)
    {
        var accepts = Expect(step, attempt, until, events);

        var waiters = accepts.Select(Waiter).ToList();
        using var cancelTimer = new CancellationTokenSource();
        var timer = fireAt is { } at ? _context.CreateTimer(at.UtcDateTime, cancelTimer.Token) : null;
        var winner = await Task.WhenAny(timer is null ? waiters : [.. waiters, timer]);
        if (winner == timer)
        {
            _firedFor = fireAt;
        }
        else
        {
            // Synchronously: an orchestrator must not await anything but durable tasks (CancelAsync would resume
            // the orchestration on the thread pool, outside its episode).
#pragma warning disable CA1849
            cancelTimer.Cancel();
#pragma warning restore CA1849
        }

        SetBusy();

        // A withdrawal ends everything: it is looked at first.
        if (_withdrawable && Waiter(JourneyEvents.Withdrawn).IsCompleted)
        {
            return JourneyEvents.Withdrawn;
        }

        return events.FirstOrDefault(e => Waiter(e).IsCompleted);
    }

    /// <summary>
    /// Says which step the journey awaits (custom status) from now on: called before the mail that invites a
    /// person to act, so that a quick answer is not refused as stale; the wait itself follows.
    /// </summary>
    public string[] Expect(string step, int attempt, DateTimeOffset? until, params string[] events)
    {
        string[] accepts = _withdrawable ? [.. events, JourneyEvents.Withdrawn] : events;
        _context.SetCustomStatus(new JourneyStatus(step, accepts) { Attempt = attempt, Until = until });
        return accepts;
    }

    /// <summary>The payload of an event that arrived; the next wait for that name listens afresh.</summary>
    public async Task<T?> TakeAsync<T>(string eventName)
        where T : class
    {
        var waiter = (Task<T>)Waiter(eventName);
        _inbox.Remove(eventName);
        return await waiter;
    }

    /// <summary>From now on (the last instalment is being released) the holder can no longer withdraw.</summary>
    public void CloseWithdrawal()
    {
        _withdrawable = false;
        SetBusy();
    }

    public void SetBusy() =>
        _context.SetCustomStatus(new JourneyStatus(JourneySteps.Busy, _withdrawable ? [JourneyEvents.Withdrawn] : []));

    public static bool Matches(ActionDecision d, string step, int attempt) =>
        string.Equals(d.Step, step, StringComparison.Ordinal) && d.Attempt == attempt;

    public void Stale(string eventName, string? step, int? attempt, string awaited) =>
        _context.CreateReplaySafeLogger(JourneyNames.Orchestrator).LogWarning(
            "Dossier {DossierId}: stale {Event} for {Step}#{Attempt} ignored while waiting for {Awaited}",
            DossierId, eventName, step, attempt, awaited);

    // ---- Ends ---------------------------------------------------------------------------------------------------

    /// <summary>Ends the journey with <paramref name="status"/>: timeline, status, mail to the holder.</summary>
    public async Task<JourneyOutcome> EndAsync(DossierStatus status, TimelineEvent evt, string actor, MailKind mail, string stepKey, DecisionRef? about = null, IReadOnlyDictionary<string, string>? values = null)
    {
        _withdrawable = false;
        _context.SetCustomStatus(new JourneyStatus(JourneySteps.Ended, []));
        await RecordAsync(evt, actor, status);
        await MailAsync(mail, stepKey, Holder, about, values);
        return Finish(status);
    }

    /// <summary>The holder withdrew: pending links are voided, holder and staff are told.</summary>
    public async Task<JourneyOutcome> WithdrawAsync()
    {
        _ = await TakeAsync<JourneySignal>(JourneyEvents.Withdrawn);
        _withdrawable = false;
        _context.SetCustomStatus(new JourneyStatus(JourneySteps.Ended, []));
        await RecordAsync(TimelineEvents.Withdrawn, "holder", DossierStatus.Withdrawn);
        await JourneyActivities.CancelPendingActions.CallAsync(_context, DossierId, Retry);
        await MailAsync(MailKind.WithdrawalAcknowledged, TimelineEvents.Withdrawn.Name, HolderAndStaff);
        return Finish(DossierStatus.Withdrawn);
    }

    /// <summary>
    /// The journey is failing with <paramref name="error"/>: nothing is awaited any more, the failure is logged as an
    /// error with the dossier id (what failed, never a message that could carry personal data) and written to the
    /// timeline when the timeline can still be written. The caller rethrows: the instance ends Failed.
    /// </summary>
    public async Task FailAsync(Exception error)
    {
        _context.SetCustomStatus(new JourneyStatus(JourneySteps.Ended, []));
        var what = error is TaskFailedException failed ? $"{failed.TaskName}: {failed.FailureDetails.ErrorType}" : error.GetType().Name;
        _context.CreateReplaySafeLogger(JourneyNames.Orchestrator).LogError(
            "Dossier {DossierId}: journey failed ({Failure}); it waits for no one until staff look at it", DossierId, what);
        try
        {
            await RecordAsync(TimelineEvents.JourneyFailed, "system", detail: what);
        }
        catch (TaskFailedException)
        {
            // The timeline cannot be written either: the log above and the staff digest still say it.
        }
    }

    public JourneyOutcome Finish(DossierStatus status)
    {
        _context.SetCustomStatus(new JourneyStatus(JourneySteps.Ended, []));
        if (status != DossierStatus.Withdrawn && _inbox.TryGetValue(JourneyEvents.Withdrawn, out var w) && w.IsCompleted)
        {
            _context.CreateReplaySafeLogger(JourneyNames.Orchestrator).LogWarning("Dossier {DossierId}: withdrawal arrived while the journey was ending as {Status}; ignored", DossierId, status);
        }

        _context.CreateReplaySafeLogger(JourneyNames.Orchestrator).LogInformation("Dossier {DossierId}: journey ended ({Status})", DossierId, status);
        return new JourneyOutcome(JsonNamingPolicy.KebabCaseLower.ConvertName(status.ToString()));
    }

    /// <summary>Values of a <see cref="MailKind.StaffReminder"/>: which step waits, since when.</summary>
    public static Dictionary<string, string> Waiting(string step, DateTimeOffset since) =>
        new() { [MailValues.Step] = step, [MailValues.WaitingSince] = MailValues.Instant(since) };

    public static Dictionary<string, string> DueAt(DateTimeOffset due) => new() { [MailValues.DueAt] = MailValues.Instant(due) };

    // ---- Keys ---------------------------------------------------------------------------------------------------

    /// <summary>The next timeline key, <c>{instanceId}:{sequence}</c>: deterministic, so a retried activity appends once.</summary>
    private string NextTimelineKey()
    {
        _sequence++;
        return string.Create(CultureInfo.InvariantCulture, $"{_context.InstanceId}:{_sequence:D4}");
    }

    public static string StepKey(string step, int attempt) => string.Create(CultureInfo.InvariantCulture, $"{step}#{attempt}");

    /// <summary>A reminder's mail key: one per instant, so that a retried activity mails once and each reminder is sent.</summary>
    public static string ReminderKey(string stepKey, DateTimeOffset at) =>
        stepKey + ":reminder:" + at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The reminder instants <paramref name="offsets"/> before <paramref name="due"/> that are still to come, in order.</summary>
    public static IReadOnlyList<DateTimeOffset> Before(DateTimeOffset due, IEnumerable<IsoDuration> offsets, DateTimeOffset now) =>
        [.. offsets.Select(o => o.SubtractFrom(due)).Where(t => t > now && t < due).Distinct().Order()];

    public static IReadOnlyList<DateTimeOffset> After(DateTimeOffset due, IEnumerable<IsoDuration> offsets, DateTimeOffset now) =>
        [.. offsets.Select(o => o.AddTo(due)).Where(t => t > now && t > due).Distinct().Order()];

    private Task Waiter(string eventName)
    {
        if (!_inbox.TryGetValue(eventName, out var waiter))
        {
            waiter = eventName switch
            {
                JourneyEvents.ActionDecided => _context.WaitForExternalEvent<ActionDecision>(eventName),
                JourneyEvents.StartDeclared => _context.WaitForExternalEvent<StartDeclaration>(eventName),
                JourneyEvents.BilanSubmitted => _context.WaitForExternalEvent<BilanHandedIn>(eventName),
                _ => _context.WaitForExternalEvent<JourneySignal>(eventName),
            };
            _inbox[eventName] = waiter;
        }

        return waiter;
    }
}
