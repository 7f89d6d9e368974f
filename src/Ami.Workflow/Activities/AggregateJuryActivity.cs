using System.Text.Json;
using Ami.Domain.Json;
using Ami.Domain.Scoring;
using Ami.Workflow.Actions;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Activities;

/// <summary>
/// Puts the jurors' sheets together (<see cref="JuryAggregation"/>) on the dossier's frozen grid and keeps the result on the dossier
/// (<see cref="JuryReport"/> in <c>JuryJson</c>) for the jury president, the CP and the status API.
/// </summary>
public sealed class AggregateJuryActivity(IActionStore actions, IDossierStore dossiers) : JourneyActivity<JuryRequest, JurySummary>
{
    public override async Task<JurySummary> ExecuteAsync(JuryRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var dossier = await dossiers.GetAsync(input.DossierId, cancellationToken)
            ?? throw new InvalidOperationException($"Dossier {input.DossierId} not found.");
        var grid = dossier.JuryGrid;
        var links = await actions.ListAsync(input.DossierId, JourneySteps.JuryScore, input.Attempt, cancellationToken);
        var answered = links.Where(l => l.Status == ActionLinkStatus.Used && l.Decision is not null).Select(l => l.Decision!).ToList();
        var sheets = answered
            .Where(d => d.Decision == JourneyDecisions.Scored && d.Details.Scores is not null)
            .Select(d => ScoreSheet.Create(grid, d.Details.Scores!))
            .ToList();
        var conflicts = answered.Count(d => d.Decision == JourneyDecisions.Conflict);
        var result = JuryAggregation.Aggregate(grid, sheets);
        var report = new JuryReport(
            result.Count,
            conflicts,
            result.MeanTotal,
            result.MinTotal,
            result.MaxTotal,
            result.CriterionMeans,
            result.DivergentCriteria,
            result.SumOfTotals);
        var json = JsonSerializer.Serialize(report, AmiJson.Options);
        await dossiers.UpdateAsync(input.DossierId, r => r with { JuryJson = json }, cancellationToken);
        return new JurySummary(result.Count, conflicts);
    }
}
