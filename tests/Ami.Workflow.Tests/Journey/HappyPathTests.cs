using Ami.Domain.Money;
using Ami.Domain.States;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Payments;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Tests.Journey;

public sealed class HappyPathTests(JourneyHost host) : IClassFixture<JourneyHost>
{
    [Fact]
    public async Task Journey_EveryoneActsInTime_ClosesWithTwoInstalmentsAddingUpToTheGrant()
    {
        var campaign = host.Campaign(TimeSpan.FromSeconds(3));
        var dossier = await host.FileAsync(campaign, requested: 40000m);

        await host.DecideStepAsync(dossier.Id, JourneySteps.Validation, RecipientRole.Staff, Bodies.Eligible());
        for (var juror = 0; juror < 3; juror++)
        {
            await host.DecideStepAsync(dossier.Id, JourneySteps.JuryScore, RecipientRole.Juror, Bodies.Scored(juror + 1), index: juror);
        }

        await host.DecideStepAsync(dossier.Id, JourneySteps.JuryOpinion, RecipientRole.JuryPresident, Bodies.Favourable(33333.33m));
        await host.DecideStepAsync(dossier.Id, JourneySteps.CpDecision, RecipientRole.CpSecretariat, Bodies.Granted(33333.33m));

        await host.StepAsync(dossier.Id, JourneySteps.Start);
        var view = new InstalmentsView(new GrantPlans(host.Campaigns, host.Ledger), host.Ledger);
        Assert.Equal(
            [(1, "planned", Euros.FromDecimal(23333.33m)), (2, "planned", Euros.FromDecimal(10000m))],
            (await view.GetInstalmentsAsync(host.Dossiers[dossier.Id], CancellationToken.None)).Select(i => (i.Number, i.Status, i.Amount)));
        var start = await host.StartAsync(dossier, JourneyHost.Today);
        Assert.Equal(202, start.Status);

        await host.StepAsync(dossier.Id, JourneySteps.Bilan);
        var bilan = await host.BilanAsync(dossier, JourneyHost.GoodBilan);
        Assert.Equal(202, bilan.Status);
        await host.DecideStepAsync(dossier.Id, JourneySteps.BilanValidation, RecipientRole.Staff, Bodies.BilanAccepted(), index: 1);

        Assert.Equal("closed", (await host.OutcomeAsync(dossier.Id)).Status);
        Assert.All(await view.GetInstalmentsAsync(host.Dossiers[dossier.Id], CancellationToken.None), i => Assert.Equal("released", i.Status));

        var payments = await host.Ledger.ListAsync(dossier.Id, CancellationToken.None);
        Assert.Equal([1, 2], payments.Select(p => p.Number));
        Assert.Equal(Euros.FromDecimal(23333.33m), payments[0].Amount);
        Assert.Equal(Euros.FromDecimal(10000.00m), payments[1].Amount);
        Assert.Equal(Euros.FromDecimal(33333.33m), payments[0].Amount + payments[1].Amount);

        Assert.Equal(
            [DossierStatus.Submitted, DossierStatus.Eligible, DossierStatus.Jury, DossierStatus.Cp, DossierStatus.Granted,
             DossierStatus.Started, DossierStatus.BilanSubmitted, DossierStatus.Closed],
            host.Dossiers.StatusesOf(dossier.Id));
        var record = host.Dossiers[dossier.Id];
        Assert.Equal(Euros.FromDecimal(33333.33m), record.GrantedAmount);
        Assert.Contains("\"sheets\":3", record.JuryJson, StringComparison.Ordinal);

        Assert.Equal(
            [MailKind.Receipt, MailKind.Eligible, MailKind.DecisionGranted, MailKind.StartAcknowledged, MailKind.BilanReceived, MailKind.Closed],
            host.Notifier.Sent.Where(n => n.DossierId == dossier.Id && n.To.Role == RecipientRole.Holder && n.Kind is not (MailKind.BilanReminder))
                .Select(n => n.Kind));
        var granted = Assert.Single(await host.MailsAsync(dossier.Id, MailKind.DecisionGranted));
        Assert.Equal("Le jury salue l'implication des habitants.", granted.Values!["juryConclusions"]);
        Assert.Equal(JourneyHost.Today, granted.Values["cpDate"]);
        var orders = host.Notifier.To(dossier.Id, MailKind.PaymentOrder, RecipientRole.Finance);
        Assert.Equal(["23333.33", "10000.00"], orders.Select(o => o.Values!["amount"]));

        var events = host.Timeline.Events(dossier.Id).Select(e => e.Event).ToList();
        Assert.Equal(
            ["validation:eligible", "jury:opened", "jury:scored", "jury-opinion:favourable", "cp:granted", "started", "instalment-1-released", "bilan:submitted", "bilan-validation:accepted", "instalment-2-released", "closed"],
            events.Where(e => e != "bilan:due"));
    }
}
