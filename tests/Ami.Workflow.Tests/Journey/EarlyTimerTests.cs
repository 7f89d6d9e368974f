using Ami.Domain.Campaigns;
using Ami.Domain.States;
using Ami.Workflow.Mail;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Tests.Journey;

/// <summary>
/// The timed waits on an engine that handles every timer 0.4 s before its instant (<see cref="EarlyTimers"/>): a
/// timer's meaning comes from which timer fired, so the mails and the timeline are exactly those of punctual timers.
/// </summary>
public sealed class EarlyTimerTests(EarlyTimerJourneyHost host) : IClassFixture<EarlyTimerJourneyHost>
{
    [Fact]
    public async Task ChangesRequested_TimersFiringEarly_ExactlyTwoRemindersThenIneligibleAtTheClose()
    {
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(10)));
        await host.DecideStepAsync(dossier.Id, JourneySteps.Validation, RecipientRole.Staff, Bodies.ChangesRequested("Joignez le budget détaillé."));

        Assert.Equal("ineligible", (await host.OutcomeAsync(dossier.Id)).Status);
        var closesAt = dossier.Campaign.Deadline.ClosesAt;
        var reminders = host.Notifier.To(dossier.Id, MailKind.ChangesReminder, RecipientRole.Holder);
        Assert.Equal(
            [closesAt.AddSeconds(-4), closesAt.AddSeconds(-2)],
            reminders.Select(r => Instant(r.StepKey)));
        Assert.Single(await host.MailsAsync(dossier.Id, MailKind.Ineligible, role: RecipientRole.Holder));
        Assert.Equal([DossierStatus.Submitted, DossierStatus.ChangesRequested, DossierStatus.Ineligible], host.Dossiers.StatusesOf(dossier.Id));
    }

    [Fact]
    public async Task Jury_TimersFiringEarly_OneReminderPerLateJurorThenEscalationThenALateSheetCompletesTheJury()
    {
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(3)));
        await host.ToJuryAsync(dossier);
        await host.DecideStepAsync(dossier.Id, JourneySteps.JuryScore, RecipientRole.Juror, Bodies.Scored(2), index: 0);

        // Due with one sheet: both staff alerted, the jury stays open.
        var due = dossier.Campaign.Deadline.ClosesAt.AddSeconds(8);
        var alerts = await host.MailsAsync(dossier.Id, MailKind.JuryEscalation, count: 2, role: RecipientRole.Staff);
        Assert.Equal([0, 1], alerts.Select(a => a.To.Index).Order());
        Assert.All(alerts, a => Assert.Equal("1", a.Values![MailValues.Sheets]));
        var reminders = host.Notifier.To(dossier.Id, MailKind.JuryReminder);
        Assert.Equal([1, 2], reminders.Select(r => r.To.Index).Order());
        Assert.All(reminders, r => Assert.Equal(due.AddSeconds(-3), Instant(r.StepKey)));

        await host.DecideStepAsync(dossier.Id, JourneySteps.JuryScore, RecipientRole.Juror, Bodies.Scored(3), index: 2);
        await host.StepAsync(dossier.Id, JourneySteps.JuryOpinion);
        Assert.Contains("\"sheets\":2", host.Dossiers[dossier.Id].JuryJson, StringComparison.Ordinal);
        Assert.Equal(2, host.Notifier.To(dossier.Id, MailKind.JuryReminder).Count);
        Assert.Equal(2, host.Notifier.To(dossier.Id, MailKind.JuryEscalation).Count);
        await host.WithdrawAsync(dossier);
        Assert.Equal("withdrawn", (await host.OutcomeAsync(dossier.Id)).Status);
    }

    [Fact]
    public async Task Bilan_TimersFiringEarly_DueWrittenOnceOneOverdueMailThenStaffEveryPeriod()
    {
        var campaign = host.Campaign(TimeSpan.FromSeconds(3), c => c with
        {
            BilanDueAfter = IsoDuration.Parse("PT4S"),
            Schedule = c.Schedule with
            {
                BilanRemindersBeforeDue = [IsoDuration.Parse("PT2S")],
                BilanRemindersAfterDue = [IsoDuration.Parse("PT1S")],
                StaffReminderEvery = IsoDuration.Parse("PT2S"),
            },
        });
        var dossier = await host.FileAsync(campaign);
        await host.ToStartedAsync(dossier, amount: 10000m);

        await host.Until(() => BilanReminders().Count >= 4 || !host.Notifier.Refused.IsEmpty);
        Assert.Empty(host.Notifier.Refused);
        var due = host.Dossiers[dossier.Id].BilanDueAt!.Value;
        Assert.Equal([Second(due.AddSeconds(-2))], host.Notifier.To(dossier.Id, MailKind.BilanReminder).Select(m => Instant(m.StepKey)));
        Assert.Single(host.Timeline.Events(dossier.Id), e => e.Event == "bilan:due");
        var overdue = host.Notifier.To(dossier.Id, MailKind.BilanOverdue);
        Assert.Equal([RecipientRole.Holder, RecipientRole.Staff, RecipientRole.Staff], overdue.Select(m => m.To.Role).Order());
        Assert.All(overdue, m => Assert.Equal(Second(due.AddSeconds(1)), Instant(m.StepKey)));

        // Staff reminded every period from the overdue mail (the period counts from the journey's clock once that mail
        // is sent: a second later when the machine is loaded), two staff each, each period exactly.
        var instants = BilanReminders().GroupBy(m => Instant(m.StepKey)).Select(g => (g.Key, g.Count())).Take(2).ToList();
        Assert.InRange(instants[0].Key, Second(due.AddSeconds(3)), Second(due.AddSeconds(4)));
        Assert.Equal([(instants[0].Key, 2), (instants[0].Key.AddSeconds(2), 2)], instants);

        Assert.Equal(202, (await host.BilanAsync(dossier, JourneyHost.GoodBilan)).Status);
        await host.DecideStepAsync(dossier.Id, JourneySteps.BilanValidation, RecipientRole.Staff, Bodies.BilanAccepted());
        Assert.Equal("closed", (await host.OutcomeAsync(dossier.Id)).Status);
        Assert.Equal(2, (await host.Ledger.ListAsync(dossier.Id, CancellationToken.None)).Count);

        List<Notification> BilanReminders() =>
            [.. host.Notifier.To(dossier.Id, MailKind.StaffReminder, RecipientRole.Staff).Where(m => m.Values![MailValues.Step] == JourneySteps.Bilan)];
    }

    private static DateTimeOffset Second(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    /// <summary>The instant a reminder's mail key names (<see cref="JourneyRun.ReminderKey"/>, to the second).</summary>
    private static DateTimeOffset Instant(string stepKey)
    {
        var at = stepKey[(stepKey.LastIndexOf(':') + 1)..];
        return DateTimeOffset.ParseExact(at, "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
    }
}
