using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Tests.Journey;

/// <summary>Moves a dossier through the stages a test is not about, the way people would.</summary>
public static class Drive
{
    public static async Task ToJuryAsync(this JourneyHost host, Dossier dossier)
    {
        await host.DecideStepAsync(dossier.Id, JourneySteps.Validation, RecipientRole.Staff, Bodies.Eligible());
        await host.StepAsync(dossier.Id, JourneySteps.JuryScore);
    }

    public static async Task ToGrantedAsync(this JourneyHost host, Dossier dossier, decimal amount = 20000m)
    {
        await host.ToJuryAsync(dossier);
        for (var juror = 0; juror < 3; juror++)
        {
            await host.DecideStepAsync(dossier.Id, JourneySteps.JuryScore, RecipientRole.Juror, Bodies.Scored(2), index: juror);
        }

        await host.DecideStepAsync(dossier.Id, JourneySteps.JuryOpinion, RecipientRole.JuryPresident, Bodies.Favourable(amount));
        await host.DecideStepAsync(dossier.Id, JourneySteps.CpDecision, RecipientRole.CpSecretariat, Bodies.Granted(amount));
        await host.StepAsync(dossier.Id, JourneySteps.Start);
    }

    public static async Task ToStartedAsync(this JourneyHost host, Dossier dossier, decimal amount = 20000m)
    {
        await host.ToGrantedAsync(dossier, amount);
        Assert.Equal(202, (await host.StartAsync(dossier, JourneyHost.Today)).Status);
        await host.StepAsync(dossier.Id, JourneySteps.Bilan);
    }
}
