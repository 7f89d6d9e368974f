namespace Ami.Workflow.Activities;

/// <summary>
/// The jury's aggregated sheets as kept in <c>DossierRecord.JuryJson</c> (the <c>jury</c> object of
/// <c>GET /api/dossiers/{id}</c>) and shown to the jury president and the CP. Scores only, no names.
/// </summary>
/// <param name="Means">Mean score (0–3) of each criterion, by key, in Annex 1's order.</param>
/// <param name="Divergent">Criteria on which the jurors disagree (per the domain's rule).</param>
public sealed record JuryReport(
    int Sheets,
    int Conflicts,
    decimal MeanTotal,
    decimal MinTotal,
    decimal MaxTotal,
    IReadOnlyDictionary<string, decimal> Means,
    IReadOnlyList<string> Divergent);

/// <summary>What the dossier keeps of the jury's opinion and the CP's decision (<c>DossierRecord.DecisionJson</c>).</summary>
public sealed record DecisionReport
{
    public required string Opinion { get; init; }

    public Domain.Money.Euros? ProposedAmount { get; init; }

    /// <summary>The jury president's comment: the jury's conclusions, told to the holder.</summary>
    public string? JuryConclusions { get; init; }

    public required string Decision { get; init; }

    public Domain.Money.Euros? Amount { get; init; }

    public DateOnly? CpDate { get; init; }

    public string? Comment { get; init; }
}
