using Ami.Domain.Campaigns;
using Ami.Domain.Money;
using Ami.Domain.States;
using Ami.Workflow.Mail;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Tests.Journey;

/// <summary>
/// A bilan left overdue for several staff-reminder periods: the journey keeps reminding staff (the mail names the
/// awaited step in French) and still accepts the late bilan, then pays the rest of the grant.
/// </summary>
public sealed class OverdueBilanTests(JourneyHost host) : IClassFixture<JourneyHost>
{
    [Fact]
    public async Task Bilan_OverdueForThreeStaffReminderPeriods_StaffRemindedThenLateBilanAcceptedAndRestPaid()
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

        // Overdue (holder and both staff), then staff are reminded every period: three rounds of two mails.
        await host.Until(() => BilanReminders().Count >= 6 || !host.Notifier.Refused.IsEmpty);
        Assert.Empty(host.Notifier.Refused);
        var bilanReminders = BilanReminders();
        Assert.Equal([0, 1], bilanReminders.Select(m => m.To.Index).Distinct().Order());
        Assert.Equal(3, host.Notifier.To(dossier.Id, MailKind.BilanOverdue).Count);
        Assert.Single(await host.MailsAsync(dossier.Id, MailKind.BilanReminder));
        Assert.Single(host.Timeline.Events(dossier.Id), e => e.Event == "bilan:due");
        Assert.Equal(DossierStatus.BilanDue, host.Dossiers[dossier.Id].Status);
        Assert.Contains(JourneyEvents.BilanSubmitted, (await host.StepAsync(dossier.Id, JourneySteps.Bilan)).Accepts);

        // The late bilan is still taken, accepted, and the 30 % released.
        Assert.Equal(202, (await host.BilanAsync(dossier, JourneyHost.GoodBilan)).Status);
        await host.DecideStepAsync(dossier.Id, JourneySteps.BilanValidation, RecipientRole.Staff, Bodies.BilanAccepted());
        Assert.Equal("closed", (await host.OutcomeAsync(dossier.Id)).Status);
        var paid = await host.Ledger.ListAsync(dossier.Id, CancellationToken.None);
        Assert.Equal([Euros.FromDecimal(7000m), Euros.FromDecimal(3000m)], paid.Select(p => p.Amount));

        List<Notification> BilanReminders() =>
            [.. host.Notifier.To(dossier.Id, MailKind.StaffReminder, RecipientRole.Staff).Where(m => m.Values![MailValues.Step] == JourneySteps.Bilan)];
    }
}
