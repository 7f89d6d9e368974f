using Ami.Domain.States;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Tests.Journey;

public sealed class DecisionTests(JourneyHost host) : IClassFixture<JourneyHost>
{
    [Fact]
    public async Task Cp_Refuses_HolderToldTheJuryConclusionsAndTheReasonAndNothingIsPaid()
    {
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(3)));
        await host.ToJuryAsync(dossier);
        for (var juror = 0; juror < 3; juror++)
        {
            await host.DecideStepAsync(dossier.Id, JourneySteps.JuryScore, RecipientRole.Juror, Bodies.Scored(1), index: juror);
        }

        await host.DecideStepAsync(dossier.Id, JourneySteps.JuryOpinion, RecipientRole.JuryPresident,
            new { decision = "unfavourable", proposedAmount = 0, comment = "Partenariat de recherche trop peu formalisé." });
        var cpRequest = Assert.Single(await host.MailsAsync(dossier.Id, MailKind.CpDecisionRequest, role: RecipientRole.CpSecretariat));
        Assert.Equal("unfavourable", cpRequest.Values!["juryOpinion"]);
        Assert.Equal("0.00", cpRequest.Values["proposedAmount"]);
        await host.DecideStepAsync(dossier.Id, JourneySteps.CpDecision, RecipientRole.CpSecretariat, Bodies.Refused("Avis défavorable du jury suivi par la Commission."));

        Assert.Equal("refused", (await host.OutcomeAsync(dossier.Id)).Status);
        var refused = Assert.Single(await host.MailsAsync(dossier.Id, MailKind.DecisionRefused, role: RecipientRole.Holder));
        Assert.Equal("Partenariat de recherche trop peu formalisé.", refused.Values!["juryConclusions"]);
        Assert.Equal("Avis défavorable du jury suivi par la Commission.", refused.Values["reason"]);
        Assert.Equal(JourneyHost.Today, refused.Values["cpDate"]);
        Assert.Empty(await host.Ledger.ListAsync(dossier.Id, CancellationToken.None));
        Assert.Null(host.Dossiers[dossier.Id].GrantedAmount);
        Assert.Contains("\"decision\":\"refused\"", host.Dossiers[dossier.Id].DecisionJson, StringComparison.Ordinal);
        Assert.Equal(
            [DossierStatus.Submitted, DossierStatus.Eligible, DossierStatus.Jury, DossierStatus.Cp, DossierStatus.Refused],
            host.Dossiers.StatusesOf(dossier.Id));
        Assert.Equal(409, (await host.StartAsync(dossier, JourneyHost.Today)).Status);
        Assert.Equal(409, (await host.WithdrawAsync(dossier)).Status);
    }
}
