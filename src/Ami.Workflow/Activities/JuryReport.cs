namespace Ami.Workflow.Activities;

/// <summary>
/// The jury's aggregated sheets as kept in <c>DossierRecord.JuryJson</c> (the <c>jury</c> object of
/// <c>GET /api/dossiers/{id}</c>) and shown to the jury president and the CP. Scores only, no names.
/// </summary>
/// <param name="Means">Mean score (0–3) of each criterion, by key, in Annex 1's order.</param>
/// <param name="Divergent">Criteria on which the jurors disagree (per the domain's rule).</param>
/// <param name="SumOfTotals">Sum of the jurors' totals: with <paramref name="Sheets"/>, the exact mean the ranking compares.</param>
public sealed record JuryReport(
    int Sheets,
    int Conflicts,
    decimal MeanTotal,
    decimal MinTotal,
    decimal MaxTotal,
    IReadOnlyDictionary<string, decimal> Means,
    IReadOnlyList<string> Divergent,
    int SumOfTotals = 0)
{
    /// <summary>Back to the domain's result, for <see cref="Domain.Scoring.JuryRanking"/>.</summary>
    public Domain.Scoring.JuryResult ToResult() => new()
    {
        Count = Sheets,
        CriterionMeans = Means,
        MeanTotal = MeanTotal,
        MinTotal = (int)MinTotal,
        MaxTotal = (int)MaxTotal,
        SumOfTotals = SumOfTotals,
        DivergentCriteria = Divergent,
    };
}

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
