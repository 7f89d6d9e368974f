using System.Text.Json;
using Ami.Domain.Json;
using Ami.Domain.Payments;
using Ami.Workflow.Actions;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Activities;

/// <summary>
/// Keeps the jury's opinion and the CP's decision on the dossier (<see cref="DecisionReport"/>), and the granted
/// amount when the CP granted the aid, with its payment plan frozen from the campaign as it is at the grant
/// (<see cref="GrantPlan"/>: every later release, mail and page reads it). Rewriting the same values is harmless
/// (idempotent): a plan already frozen for the same amount is kept, even if the campaign changed since.
/// </summary>
public sealed class RecordCpDecisionActivity(IActionStore actions, IDossierStore dossiers, ICampaignStore campaigns) : JourneyActivity<CpDecisionRequest, bool>
{
    public override async Task<bool> ExecuteAsync(CpDecisionRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var cp = await actions.GetStepDecisionAsync(input.DossierId, JourneySteps.CpDecision, input.Attempt, cancellationToken)
            ?? throw new InvalidOperationException($"Dossier {input.DossierId}: no CP decision recorded.");
        var opinion = await actions.GetStepDecisionAsync(input.DossierId, JourneySteps.JuryOpinion, input.OpinionAttempt, cancellationToken);
        var granted = cp.Decision == JourneyDecisions.Granted;
        var report = new DecisionReport
        {
            Opinion = opinion?.Decision ?? "",
            ProposedAmount = opinion?.Details.ProposedAmount,
            JuryConclusions = opinion?.Comment,
            Decision = cp.Decision,
            Amount = granted ? cp.Details.Amount : null,
            CpDate = cp.Details.CpDate,
            Comment = cp.Comment,
        };
        var json = JsonSerializer.Serialize(report, AmiJson.Options);
        GrantPlan? plan = null;
        if (granted)
        {
            var amount = cp.Details.Amount ?? throw new InvalidOperationException($"Dossier {input.DossierId}: granted without an amount.");
            var dossier = await dossiers.GetAsync(input.DossierId, cancellationToken)
                ?? throw new InvalidOperationException($"Dossier {input.DossierId} not found.");
            var campaign = await campaigns.GetAsync(dossier.CampaignId, cancellationToken)
                ?? throw new InvalidOperationException($"Campaign {dossier.CampaignId} not found.");
            plan = GrantPlan.For(amount, campaign);
        }

        await dossiers.UpdateAsync(
            input.DossierId,
            r => r with
            {
                DecisionJson = json,
                GrantedAmount = granted ? cp.Details.Amount : null,
                Plan = plan is null ? null : r.Plan is { } frozen && frozen.Grant == plan.Grant ? frozen : plan,
                UpdatedAt = cp.DecidedAt,
            },
            cancellationToken);
        return granted;
    }
}
