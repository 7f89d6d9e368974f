using Ami.Domain.Money;
using Ami.Workflow.Actions;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Tests.Journey;

/// <summary>Withdrawal at three stages (validation here, after the start here, during the jury in <see cref="JuryTests"/>).</summary>
public sealed class WithdrawalTests(JourneyHost host) : IClassFixture<JourneyHost>
{
    [Fact]
    public async Task Withdraw_WhileStaffValidate_EndsTheJourneyAndVoidsTheLinks()
    {
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(30)));
        var link = await host.LinkAsync(dossier.Id, JourneySteps.Validation, RecipientRole.Staff);

        Assert.Equal(404, (await host.HolderAsync((h, r, c) => h.WithdrawAsync(r, dossier.Id, c, CancellationToken.None), dossier, json: "{}", token: "not-the-holder")).Status);
        Assert.Equal(202, (await host.WithdrawAsync(dossier)).Status);

        Assert.Equal("withdrawn", (await host.OutcomeAsync(dossier.Id)).Status);
        var used = await host.DecideAsync(link, Bodies.Eligible());
        Assert.Equal(ActionResultKind.Gone, used.Kind);
        Assert.Equal("cancelled", used.Code);
        Assert.Contains(host.Timeline.Events(dossier.Id), e => e.Event == "withdrawn" && e.Actor == "holder");
        Assert.Equal(409, (await host.WithdrawAsync(dossier)).Status);
    }

    [Fact]
    public async Task Withdraw_AfterTheStart_OnlyTheFirstInstalmentWasPaid()
    {
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(3)));
        await host.ToStartedAsync(dossier, amount: 15000m);

        Assert.Equal(409, (await host.StartAsync(dossier, JourneyHost.Today)).Status);
        Assert.Equal(202, (await host.WithdrawAsync(dossier)).Status);

        Assert.Equal("withdrawn", (await host.OutcomeAsync(dossier.Id)).Status);
        var paid = Assert.Single(await host.Ledger.ListAsync(dossier.Id, CancellationToken.None));
        Assert.Equal(Euros.FromDecimal(10500m), paid.Amount);
        Assert.Equal(409, (await host.BilanAsync(dossier, JourneyHost.GoodBilan)).Status);
    }
}
