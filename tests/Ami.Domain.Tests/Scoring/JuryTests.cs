using System.Text.Json;
using Ami.Domain.Json;
using Ami.Domain.Scoring;
using Ami.Domain.Validation;

namespace Ami.Domain.Tests.Scoring;

public class JuryTests
{
    private static ScoreSheet Sheet(int level, params (string Key, int Level)[] changes) => ScoreSheet.Create(ScoringGrid.Annex1, ScoreSheetTests.Scores(level, changes));

    private static JuryResult Result(int count, int sumOfTotals, int minTotal, int divergent = 0) => new()
    {
        Count = count,
        SumOfTotals = sumOfTotals,
        MeanTotal = decimal.Round((decimal)sumOfTotals / count, 2, MidpointRounding.AwayFromZero),
        MinTotal = minTotal,
        MaxTotal = sumOfTotals - (minTotal * (count - 1)),
        CriterionMeans = ScoringGrid.Annex1.Keys.ToDictionary(k => k, _ => 2m),
        DivergentCriteria = [.. ScoringGrid.Annex1.Keys.Take(divergent)],
    };

    [Fact]
    public void Aggregate_ThreeJurors_MeansMinMaxAndDivergence()
    {
        var sheets = new[]
        {
            Sheet(2, ("beneficiaries", 1), ("governance", 1), ("research", 0)),
            Sheet(2, ("beneficiaries", 2), ("governance", 2), ("research", 0)),
            Sheet(2, ("beneficiaries", 3), ("governance", 2), ("research", 2)),
        };

        var result = JuryAggregation.Aggregate(ScoringGrid.Annex1, sheets);

        Assert.Equal(3, result.Count);
        Assert.Equal([20, 22, 25], sheets.Select(s => s.Total));
        Assert.Equal(22.33m, result.MeanTotal);
        Assert.Equal(67, result.SumOfTotals);
        Assert.Equal(20, result.MinTotal);
        Assert.Equal(25, result.MaxTotal);
        Assert.Equal(2.00m, result.CriterionMeans["beneficiaries"]);
        Assert.Equal(1.67m, result.CriterionMeans["governance"]);
        Assert.Equal(0.67m, result.CriterionMeans["research"]);
        Assert.Equal(2m, result.CriterionMeans["environment"]);
        // 1/2/3 and 0/0/2 are two levels apart; 1/2/2 only one.
        Assert.Equal(["beneficiaries", "research"], result.DivergentCriteria);
    }

    [Theory]
    [InlineData(2, 3, false)]
    [InlineData(1, 3, true)]
    [InlineData(0, 3, true)]
    [InlineData(2, 2, false)]
    public void Aggregate_TwoJurorsGap_DivergentFromTwoLevels(int first, int second, bool divergent)
    {
        var result = JuryAggregation.Aggregate(ScoringGrid.Annex1, [Sheet(1, ("services", first)), Sheet(1, ("services", second))]);

        Assert.Equal(divergent, result.DivergentCriteria.Contains("services"));
        Assert.Equal(divergent ? 1 : 0, result.DivergentCriteria.Count);
    }

    [Fact]
    public void Aggregate_OneJuror_HisSheet()
    {
        var result = JuryAggregation.Aggregate(ScoringGrid.Annex1, [Sheet(3, ("disruption", 0))]);

        Assert.Equal((33m, 33, 33, 1), (result.MeanTotal, result.MinTotal, result.MaxTotal, result.Count));
        Assert.Empty(result.DivergentCriteria);
    }

    [Fact]
    public void Aggregate_NoSheet_NoScoreSheets()
    {
        var ex = Assert.Throws<DomainException>(() => JuryAggregation.Aggregate(ScoringGrid.Annex1, []));

        Assert.Equal(ErrorCodes.NoScoreSheets, ex.Code);
    }

    [Fact]
    public void JuryResult_JsonRoundTrip_SameValues()
    {
        var result = JuryAggregation.Aggregate(ScoringGrid.Annex1, [Sheet(2, ("research", 0)), Sheet(2, ("research", 3)), Sheet(1)]);

        var json = JsonSerializer.Serialize(result, AmiJson.Options);
        var back = JsonSerializer.Deserialize<JuryResult>(json, AmiJson.Options)!;

        Assert.Equal(json, JsonSerializer.Serialize(back, AmiJson.Options));
        Assert.Contains("\"divergentCriteria\":[\"research\"]", json, StringComparison.Ordinal);
        Assert.Contains("\"meanTotal\":19.67", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Rank_DifferentMeans_HigherMeanFirst()
    {
        var ranked = JuryRanking.Rank([("d1", "AMI-IS-2015-0001", Result(3, 60, 18)), ("d2", "AMI-IS-2015-0002", Result(3, 75, 20))]);

        Assert.Equal(["d2", "d1"], ranked.Select(r => r.DossierId));
        Assert.Equal([1, 2], ranked.Select(r => r.Rank));
    }

    [Fact]
    public void Rank_MeansEqualOnceRoundedButNotExactly_ExactMeanDecides()
    {
        // 195/8 = 24.375 and 317/13 = 24.3846…: both shown as 24.38.
        var eight = Result(8, 195, 20);
        var thirteen = Result(13, 317, 20);
        Assert.Equal(eight.MeanTotal, thirteen.MeanTotal);

        var ranked = JuryRanking.Rank([("d8", "AMI-IS-2015-0001", eight), ("d13", "AMI-IS-2015-0002", thirteen)]);

        Assert.Equal([("d13", 1), ("d8", 2)], ranked.Select(r => (r.DossierId, r.Rank)));
    }

    [Fact]
    public void Rank_SameMean_HigherLowestTotalFirst()
    {
        var ranked = JuryRanking.Rank([("split", "AMI-IS-2015-0001", Result(2, 50, 20)), ("even", "AMI-IS-2015-0002", Result(2, 50, 25))]);

        Assert.Equal([("even", 1), ("split", 2)], ranked.Select(r => (r.DossierId, r.Rank)));
    }

    [Fact]
    public void Rank_SameMeanAndLowest_FewerDivergentCriteriaFirst()
    {
        var ranked = JuryRanking.Rank([("d1", "AMI-IS-2015-0001", Result(3, 66, 20, divergent: 2)), ("d2", "AMI-IS-2015-0002", Result(3, 66, 20, divergent: 1))]);

        Assert.Equal([("d2", 1), ("d1", 2)], ranked.Select(r => (r.DossierId, r.Rank)));
    }

    [Fact]
    public void Rank_FullyEqual_ShareTheRankListedByReference()
    {
        var ranked = JuryRanking.Rank(
        [
            ("c", "AMI-IS-2015-0007", Result(3, 66, 20)),
            ("last", "AMI-IS-2015-0001", Result(3, 30, 9)),
            ("a", "AMI-IS-2015-0003", Result(3, 66, 20)),
            ("best", "AMI-IS-2015-0009", Result(3, 90, 29)),
        ]);

        Assert.Equal([("best", 1), ("a", 2), ("c", 2), ("last", 4)], ranked.Select(r => (r.DossierId, r.Rank)));
    }

    [Fact]
    public void Rank_Nothing_EmptyList()
    {
        Assert.Empty(JuryRanking.Rank([]));
    }
}
