using System.Text.Json;
using Ami.Domain.Json;
using Ami.Workflow.Actions;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Activities;

/// <summary>
/// Keeps the jury's opinion and the CP's decision on the dossier (<see cref="DecisionReport"/>), and the granted
/// amount when the CP granted the aid. Rewriting the same values is harmless (idempotent).
/// </summary>
public sealed class RecordCpDecisionActivity(IActionStore actions, IDossierStore dossiers) : JourneyActivity<CpDecisionRequest, bool>
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
        await dossiers.UpdateAsync(
            input.DossierId,
            r => r with { DecisionJson = json, GrantedAmount = granted ? cp.Details.Amount : null, UpdatedAt = cp.DecidedAt },
            cancellationToken);
        return granted;
    }
}
