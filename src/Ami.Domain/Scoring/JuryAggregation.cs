using Ami.Domain.Validation;

namespace Ami.Domain.Scoring;

/// <summary>
/// The jury's scores of one dossier, put together. Means are rounded to two decimals for display
/// (<see cref="MeanTotal"/>, <see cref="CriterionMeans"/>); ranking compares the exact mean
/// <see cref="SumOfTotals"/> / <see cref="Count"/>, so rounding never creates or breaks a tie.
/// </summary>
public sealed record JuryResult
{
    /// <summary>Number of score sheets (jurors who scored; a juror in conflict of interest does not score).</summary>
    public required int Count { get; init; }

    /// <summary>Mean level of each criterion (0–3, two decimals), keyed and ordered as the dossier's grid.</summary>
    public required IReadOnlyDictionary<string, decimal> CriterionMeans { get; init; }

    /// <summary>Mean of the jurors' totals, out of the grid's maximum (Annex 1: 36; two decimals).</summary>
    public required decimal MeanTotal { get; init; }

    public required int MinTotal { get; init; }

    public required int MaxTotal { get; init; }

    /// <summary>Sum of the jurors' totals: with <see cref="Count"/>, the exact mean.</summary>
    public required int SumOfTotals { get; init; }

    /// <summary>
    /// Criteria on which two jurors are 2 levels or more apart (e.g. one gave 1, another 3): worth a
    /// discussion before the jury's opinion. In the Annex's order.
    /// </summary>
    public required IReadOnlyList<string> DivergentCriteria { get; init; }
}

public static class JuryAggregation
{
    /// <summary>Two scores this far apart (or more) on a criterion make it divergent.</summary>
    public const int DivergenceGap = 2;

    /// <summary>
    /// Puts together the sheets of the jurors who scored (leave out those in conflict of interest), every one
    /// scored on <paramref name="grid"/>, the dossier's.
    /// </summary>
    /// <exception cref="DomainException"><c>no-score-sheets</c> when no juror scored.</exception>
    public static JuryResult Aggregate(ScoringGrid grid, IReadOnlyList<ScoreSheet> sheets)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(sheets);
        if (sheets.Any(s => !s.Grid.Equals(grid)))
        {
            throw new ArgumentException("Every sheet is scored on the dossier's grid.", nameof(sheets));
        }

        if (sheets.Count == 0)
        {
            throw new DomainException(ErrorCodes.NoScoreSheets, "Aucune grille de notation : au moins un juré sans conflit d'intérêts doit noter le dossier.");
        }

        var means = new Dictionary<string, decimal>(grid.Criteria.Count, StringComparer.Ordinal);
        var divergent = new List<string>();
        for (var i = 0; i < grid.Criteria.Count; i++)
        {
            var key = grid.Criteria[i].Key;
            var levels = sheets.Select(s => s.LevelAt(i)).ToList();
            means[key] = Round((decimal)levels.Sum() / sheets.Count);
            if (levels.Max() - levels.Min() >= DivergenceGap)
            {
                divergent.Add(key);
            }
        }

        var totals = sheets.Select(s => s.Total).ToList();
        return new JuryResult
        {
            Count = sheets.Count,
            CriterionMeans = means,
            MeanTotal = Round((decimal)totals.Sum() / sheets.Count),
            MinTotal = totals.Min(),
            MaxTotal = totals.Max(),
            SumOfTotals = totals.Sum(),
            DivergentCriteria = divergent,
        };
    }

    private static decimal Round(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero);
}
