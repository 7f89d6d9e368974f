using System.Text.Json;
using Ami.Domain.Json;
using Ami.Domain.Scoring;
using Ami.Domain.Validation;

namespace Ami.Domain.Tests.Scoring;

public class ScoreSheetTests
{
    /// <summary>All 12 criteria at <paramref name="level"/>, some changed.</summary>
    internal static Dictionary<string, int> Scores(int level, params (string Key, int Level)[] changes)
    {
        var scores = ScoringGrid.Annex1.Keys.ToDictionary(k => k, _ => level);
        foreach (var (key, l) in changes)
        {
            scores[key] = l;
        }

        return scores;
    }

    private static HashSet<(string Field, string Code)> Pairs(IEnumerable<FieldError> errors) => errors.Select(e => (e.Field, e.Code)).ToHashSet();

    [Fact]
    public void TryCreate_TwelveScores_TotalIsTheirSum()
    {
        var ok = ScoreSheet.TryCreate(ScoringGrid.Annex1, Scores(2, ("research", 3), ("environment", 0)), out var sheet, out var errors);

        Assert.True(ok);
        Assert.Empty(errors);
        Assert.Equal(23, sheet!.Total);
        Assert.Equal(3, sheet["research"]);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(3, 36)]
    public void TryCreate_LowestAndHighestLevels_Accepted(int level, int total)
    {
        Assert.True(ScoreSheet.TryCreate(ScoringGrid.Annex1, Scores(level), out var sheet, out _));
        Assert.Equal(total, sheet!.Total);
    }

    [Fact]
    public void TryCreate_MissingUnknownAndOutOfRange_ReportsAllAtOnce()
    {
        var scores = Scores(2, ("governance", 4), ("disruption", -1));
        scores.Remove("research");
        scores.Remove("environment");
        scores["innovation"] = 2;

        var ok = ScoreSheet.TryCreate(ScoringGrid.Annex1, scores, out var sheet, out var errors);

        Assert.False(ok);
        Assert.Null(sheet);
        Assert.Equal(
            new HashSet<(string, string)>
            {
                ("scores.governance", ErrorCodes.OutOfRange),
                ("scores.disruption", ErrorCodes.OutOfRange),
                ("scores.research", ErrorCodes.Required),
                ("scores.environment", ErrorCodes.Required),
                ("scores.innovation", ErrorCodes.UnknownCriterion),
            },
            Pairs(errors));
        Assert.Equal("Gouvernance : la note va de 0 à 3 (4 donné).", errors.Single(e => e.Field == "scores.governance").Message);
    }

    [Fact]
    public void TryParse_JsonValuesNotWholeNumbers_NotAnInteger()
    {
        var scores = Scores(1);
        var json = JsonSerializer.Serialize(scores)
            .Replace("\"research\":1", "\"research\":2.5", StringComparison.Ordinal)
            .Replace("\"governance\":1", "\"governance\":\"deux\"", StringComparison.Ordinal)
            .Replace("\"services\":1", "\"services\":null", StringComparison.Ordinal)
            .Replace("\"disruption\":1", "\"disruption\":\"3\"", StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);

        var ok = ScoreSheet.TryParse(ScoringGrid.Annex1, document.RootElement, out _, out var errors);

        Assert.False(ok);
        Assert.Equal(
            new HashSet<(string, string)>
            {
                ("scores.research", ErrorCodes.NotAnInteger), ("scores.governance", ErrorCodes.NotAnInteger), ("scores.services", ErrorCodes.NotAnInteger),
            },
            Pairs(errors));
    }

    [Fact]
    public void TryParse_NegativeScore_OutOfRangeNotNotAnInteger()
    {
        // A form sends "-1"; a JSON body sends -1: both are whole numbers outside 0–3.
        var json = JsonSerializer.Serialize(Scores(1))
            .Replace("\"research\":1", "\"research\":\"-1\"", StringComparison.Ordinal)
            .Replace("\"governance\":1", "\"governance\":-1", StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);

        Assert.False(ScoreSheet.TryParse(ScoringGrid.Annex1, document.RootElement, out _, out var errors));

        Assert.Equal(new HashSet<(string, string)> { ("scores.research", ErrorCodes.OutOfRange), ("scores.governance", ErrorCodes.OutOfRange) }, Pairs(errors));
    }

    [Fact]
    public void TryParse_FormStyleStrings_Accepted()
    {
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(ScoringGrid.Annex1.Keys.ToDictionary(k => k, _ => "3")));

        Assert.True(ScoreSheet.TryParse(ScoringGrid.Annex1, document.RootElement, out var sheet, out _));
        Assert.Equal(36, sheet.Total);
    }

    [Fact]
    public void TryParse_CriterionTwice_DuplicateField()
    {
        var json = JsonSerializer.Serialize(ScoreSheetTests.Scores(2)).Replace("\"research\":2", "\"research\":2,\"research\":3", StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);

        Assert.False(ScoreSheet.TryParse(ScoringGrid.Annex1, document.RootElement, out _, out var errors));
        Assert.Equal(("scores.research", ErrorCodes.DuplicateField), (Assert.Single(errors).Field, errors[0].Code));
    }

    [Fact]
    public void TryParse_NotAnObject_InvalidType()
    {
        using var document = JsonDocument.Parse("[1, 2, 3]");

        Assert.False(ScoreSheet.TryParse(ScoringGrid.Annex1, document.RootElement, out _, out var errors));
        Assert.Equal(("scores", ErrorCodes.InvalidType), (Assert.Single(errors).Field, errors[0].Code));
    }

    [Fact]
    public void TryCreate_GridWithAThirteenthCriterion_AskedForItAndTotalOutOf39()
    {
        var grid = new ScoringGrid([.. ScoringGrid.Annex1.Criteria, new Criterion("digital", "Place du numérique", ["a", "b", "c", "d"])]);

        Assert.False(ScoreSheet.TryCreate(grid, Scores(2), out _, out var errors));
        Assert.Equal(("scores.digital", ErrorCodes.Required), (Assert.Single(errors).Field, errors[0].Code));
        Assert.Contains("Place du numérique", errors[0].Message, StringComparison.Ordinal);

        var sheet = ScoreSheet.Create(grid, Scores(2, ("digital", 3)));
        Assert.Equal(27, sheet.Total);
        Assert.Equal(39, grid.MaxTotal);
        Assert.Same(grid, sheet.Grid);
    }

    [Fact]
    public void TryCreate_AnnexOneSheetOnAShorterGrid_TheExtraCriterionIsUnknown()
    {
        var grid = new ScoringGrid([.. ScoringGrid.Annex1.Criteria.Take(11)]);

        Assert.False(ScoreSheet.TryCreate(grid, Scores(1), out _, out var errors));
        Assert.Equal(("scores.environment", ErrorCodes.UnknownCriterion), (Assert.Single(errors).Field, errors[0].Code));
    }
}
