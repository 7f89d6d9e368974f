using Ami.Domain.Scoring;

namespace Ami.Domain.Tests.Scoring;

public class ScoringGridTests
{
    [Fact]
    public void Criteria_KeysInAnnexOrder_AsTheContract()
    {
        Assert.Equal(
            ["beneficiaries", "collective-diversity", "collective-involvement", "research", "territorial-roots", "governance",
             "resources", "accessibility", "services", "disruption", "social-change", "environment"],
            ScoringGrid.Annex1.Keys);
        Assert.Equal(36, ScoringGrid.Annex1.MaxTotal);
    }

    /// <summary>Fixtures/annexe-1.txt is Annex 1 copied verbatim from the call's text (the seed).</summary>
    [Fact]
    public void Criteria_LabelsAndLevels_WordForWordFromAnnex1()
    {
        var cells = RepoFiles.ReadText("tests", "Ami.Domain.Tests", "Fixtures", "annexe-1.txt")
            .Split('\n')
            .Where(line => line.StartsWith('\t'))
            .Select(line => line.Trim(' ', '\t', '\r'))
            .ToList();
        var rows = cells.Skip(cells.IndexOf("Place des bénéficiaires")).Chunk(5).ToList();

        Assert.Equal(12, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(rows[i][0], ScoringGrid.Annex1.Criteria[i].Label);
            Assert.Equal(rows[i][1..], ScoringGrid.Annex1.Criteria[i].Levels);
        }
    }

    [Fact]
    public void Criteria_SpotCheck_FrenchTextAsJurorsReadIt()
    {
        var accessibility = ScoringGrid.Annex1.Find("accessibility")!;

        Assert.Equal("Logique d’accessibilité", accessibility.Label);
        Assert.Equal("Le projet ne mentionne pas le sujet.", accessibility.Levels[0]);
        Assert.Equal("Forte prise en compte, diagnostic et préconisations", ScoringGrid.Annex1.Find("environment")!.Levels[3]);
        Assert.Null(ScoringGrid.Annex1.Find("Beneficiaries"));
    }
}
