namespace Ami.Domain.Scoring;

/// <summary>A dossier's place in the jury's ranking (1 = best).</summary>
public sealed record RankedDossier(int Rank, string DossierId, string Reference, JuryResult Result);

/// <summary>
/// The ranking of the scored dossiers of a campaign, best first. Order:
/// <list type="number">
/// <item>higher mean total (exact, not the rounded display value);</item>
/// <item>then higher lowest total: a dossier that convinced every juror comes before one that split them;</item>
/// <item>then fewer divergent criteria, for the same reason;</item>
/// <item>then reference ascending, i.e. the order of filing; this only orders the list.</item>
/// </list>
/// Dossiers equal on the first three keys share a rank (1, 2, 2, 4: "ex aequo"); the reference never
/// separates them, since it says nothing about the action.
/// </summary>
public static class JuryRanking
{
    public static IReadOnlyList<RankedDossier> Rank(IEnumerable<(string DossierId, string Reference, JuryResult Result)> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var ordered = results
            .OrderBy(r => r.Result, MeritComparer.Instance)
            .ThenBy(r => r.Reference, StringComparer.Ordinal)
            .ToList();

        var ranked = new List<RankedDossier>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var (dossierId, reference, result) = ordered[i];
            var rank = i > 0 && MeritComparer.Instance.Compare(ordered[i - 1].Result, result) == 0 ? ranked[i - 1].Rank : i + 1;
            ranked.Add(new RankedDossier(rank, dossierId, reference, result));
        }

        return ranked;
    }

    /// <summary>Best first: negative when <c>x</c> ranks before <c>y</c>.</summary>
    private sealed class MeritComparer : IComparer<JuryResult>
    {
        public static readonly MeritComparer Instance = new();

        public int Compare(JuryResult? x, JuryResult? y)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);

            // Exact means: SumX/CountX vs SumY/CountY, compared as SumX*CountY vs SumY*CountX.
            var byMean = ((long)y.SumOfTotals * x.Count).CompareTo((long)x.SumOfTotals * y.Count);
            if (byMean != 0)
            {
                return byMean;
            }

            var byMin = y.MinTotal.CompareTo(x.MinTotal);
            return byMin != 0 ? byMin : x.DivergentCriteria.Count.CompareTo(y.DivergentCriteria.Count);
        }
    }
}
