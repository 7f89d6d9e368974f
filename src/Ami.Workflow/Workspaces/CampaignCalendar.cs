using Ami.Workflow.Activities;
using Ami.Workflow.Orchestrations;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Ami.Workflow.Workspaces;

/// <summary>
/// The call's calendar (instance <c>calendar:{campaignId}</c>): closing → jury opening → reminders → jury due →
/// president → CP. It sends the campaign-wide mails, one per person: each juror's invitation when the call closes,
/// one reminder per juror and reminder date to the jurors with sheets missing, one staff alert listing the dossiers
/// short of sheets when the jury is due, the president's invitation when the jury is due or complete, the CP
/// secretariat's when the opinions are given. It decides nothing about a dossier: each dossier's journey
/// (<see cref="DossierJourney"/>, 1.3) stays the source of truth, creates the actions and takes the decisions;
/// the calendar only reads where they stand (docs/campaign-calendar.md). Orchestrator code: deterministic.
/// </summary>
public static class CampaignCalendar
{
    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromSeconds(2), 2.0, TimeSpan.FromMinutes(1)));

    /// <summary>How long the calendar lets sheets keep arriving before it looks whether the jury is complete.</summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(3);

    public static async Task<CalendarOutcome> RunAsync(TaskOrchestrationContext context, CalendarInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var run = new Run(context, input.CampaignId);
        var plan = await run.LoadAsync();
        if (plan is null)
        {
            return new CalendarOutcome("no-campaign");
        }

        // 1. The call closes (a deadline moved by staff is followed). The timer is armed a second after the close,
        //    as the journeys' is: the engine may deliver a timer that much early.
        while (run.Now < plan.ClosesAt + JourneyRun.TimerLead)
        {
            context.SetCustomStatus(JourneySteps.CallClosing);
            if (await run.WaitAsync(plan.ClosesAt + JourneyRun.TimerLead, CampaignEvents.CampaignChanged) == CampaignEvents.CampaignChanged)
            {
                plan = await run.LoadAsync() ?? plan;
            }
        }

        // 2. The jury opens: one invitation per juror. The reminders are those after this instant (a close moved
        //    late may leave a reminder date before the opening: the invitation stands for it).
        context.SetCustomStatus("jury");
        await run.MailAsync(CalendarMail.JurorInvitation);
        var openedAt = run.Now;

        // 3. Reminders until the jury is due, or until every dossier's jury is complete.
        DateTimeOffset? checkAt = null;
        var remindedAt = new HashSet<DateTimeOffset>();
        while (true)
        {
            if (run.Now >= plan.JuryDueAt)
            {
                var state = await run.StateAsync();
                if (!state.Complete)
                {
                    await run.MailAsync(CalendarMail.JuryShortfall);
                }

                break;
            }

            // The next reminder not sent yet; one whose instant passed while the calendar was busy is sent now.
            var reminder = plan.JuryReminders.Where(r => r > openedAt && !remindedAt.Contains(r)).Order().Cast<DateTimeOffset?>().FirstOrDefault();
            var fireAt = reminder ?? plan.JuryDueAt;
            if (checkAt is { } c && c < fireAt)
            {
                fireAt = c;
            }

            if (fireAt < run.Now)
            {
                fireAt = run.Now;
            }

            var arrival = await run.WaitAsync(fireAt, CampaignEvents.SheetSubmitted, CampaignEvents.CampaignChanged);
            if (arrival == CampaignEvents.SheetSubmitted)
            {
                checkAt ??= run.Now + SettleTime;
            }
            else if (arrival == CampaignEvents.CampaignChanged)
            {
                plan = await run.LoadAsync() ?? plan;
            }
            else
            {
                // A timer: the reminder's and the look's instants may have come together.
                if (reminder is { } at && run.Now >= at)
                {
                    remindedAt.Add(at);
                    await run.MailAsync(CalendarMail.JurorReminder, at);
                }

                if (checkAt is { } look && run.Now >= look)
                {
                    checkAt = null;
                    if ((await run.StateAsync()).Complete)
                    {
                        break;
                    }
                }
            }
        }

        // 4. The president: one invitation, to the whole campaign's opinions.
        context.SetCustomStatus(JourneySteps.JuryOpinion);
        await run.MailAsync(CalendarMail.PresidentInvitation);

        // 5. The opinions are given (the president's submission raises OpinionsGiven; the calendar also looks every
        //    staff reminder period, for opinions given one by one through the per-dossier links).
        while (true)
        {
            var arrival = await run.WaitAsync(plan.Schedule.StaffReminderEvery.AddTo(run.Now), CampaignEvents.OpinionsGiven, CampaignEvents.CampaignChanged);
            if (arrival == CampaignEvents.OpinionsGiven)
            {
                break;
            }

            if (arrival == CampaignEvents.CampaignChanged)
            {
                plan = await run.LoadAsync() ?? plan;
                continue;
            }

            if ((await run.StateAsync()).OpinionsGiven)
            {
                break;
            }
        }

        // 6. The CP secretariat: one mail, the session's workspace.
        context.SetCustomStatus("cp");
        await run.MailAsync(CalendarMail.CpInvitation);
        context.SetCustomStatus("ended");
        context.CreateReplaySafeLogger(CampaignCalendarNames.Orchestrator).LogInformation("Campaign {CampaignId}: calendar ended, the CP secretariat is invited", input.CampaignId);
        return new CalendarOutcome("cp-invited");
    }

    /// <summary>The calendar's moves; one waiter per event name is kept across waits, so no event is lost to a timer.</summary>
    private sealed class Run(TaskOrchestrationContext context, string campaignId)
    {
        private readonly Dictionary<string, Task<CalendarSignal>> _inbox = new(StringComparer.Ordinal);
        private DateTimeOffset? _firedFor;

        /// <summary>The orchestration's time, never before the instant of the last timer that fired (as the journeys' <c>Clock</c>).</summary>
        public DateTimeOffset Now
        {
            get
            {
                var now = new DateTimeOffset(DateTime.SpecifyKind(context.CurrentUtcDateTime, DateTimeKind.Utc));
                return _firedFor is { } fired && fired > now ? fired : now;
            }
        }

        public Task<CalendarPlan?> LoadAsync() =>
            JourneyActivities.LoadCalendarPlan.CallAsync(context, campaignId, Retry);

        public Task<CalendarJuryState> StateAsync() =>
            JourneyActivities.ReadCampaignJuryState.CallAsync(context, campaignId, Retry);

        public Task<int> MailAsync(CalendarMail mail, DateTimeOffset? at = null) =>
            JourneyActivities.SendCalendarMail.CallAsync(context, new CalendarMailRequest(campaignId, mail, at ?? Now), Retry);

        /// <summary>Waits for one of <paramref name="events"/> until <paramref name="fireAt"/>; null when the timer fired first.</summary>
        public async Task<string?> WaitAsync(DateTimeOffset fireAt, params string[] events)
        {
            var waiters = events.Select(Waiter).ToList();
            using var cancel = new CancellationTokenSource();
            var timer = context.CreateTimer(fireAt.UtcDateTime, cancel.Token);
            var winner = await Task.WhenAny([.. waiters, timer]);
            if (winner == timer)
            {
                _firedFor = fireAt;
                return null;
            }

#pragma warning disable CA1849 // synchronously: an orchestrator awaits durable tasks only
            cancel.Cancel();
#pragma warning restore CA1849
            var name = events.First(e => Waiter(e).IsCompleted);
            _inbox.Remove(name);
            return name;
        }

        private Task<CalendarSignal> Waiter(string name)
        {
            if (!_inbox.TryGetValue(name, out var waiter))
            {
                waiter = context.WaitForExternalEvent<CalendarSignal>(name);
                _inbox[name] = waiter;
            }

            return waiter;
        }
    }
}

/// <summary>Payload of the calendar's events (who raised it, never personal data).</summary>
public sealed record CalendarSignal(string? By = null);
