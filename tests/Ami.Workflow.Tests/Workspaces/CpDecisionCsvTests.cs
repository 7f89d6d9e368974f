using System.Text;
using Ami.Workflow.Workspaces;

namespace Ami.Workflow.Tests.Workspaces;

/// <summary>The deliberation's CSV as a secretariat writes it: French words, either separator, a BOM, lines numbered as in the file.</summary>
public sealed class CpDecisionCsvTests
{
    [Fact]
    public void Read_SemicolonsWithBomAndAccents_GivesEachLineWithItsNumberAndDecisionCode()
    {
        var (entries, errors) = CpDecisionCsv.Read(Bytes("\uFEFFRéférence;Décision;Montant;Motifs\r\nAMI-0001;Accordée;28 333,33;\r\n\r\nAMI-0002;refusé;;Hors champ.\r\n"));

        Assert.Empty(errors);
        Assert.Equal(2, entries.Count);
        Assert.Equal(new CpEntry(2, "AMI-0001", null, "granted", "28 333,33", ""), entries[0]);
        Assert.Equal((4, "refused", "Hors champ."), (entries[1].Row, entries[1].Decision, entries[1].Reasons));
    }

    [Fact]
    public void Read_CommasAndQuotedAmount_AndAnUnknownWordKeptForTheRules()
    {
        var (entries, errors) = CpDecisionCsv.Read(Bytes("reference,decision,montant,motifs\nAMI-0001,accordé,\"12 500,00\",\nAMI-0002,peut-être,,\n"));

        Assert.Empty(errors);
        Assert.Equal(("granted", "12 500,00"), (entries[0].Decision, entries[0].Amount));
        Assert.Equal("peut-être", entries[1].Decision);
    }

    [Fact]
    public void Read_WithoutTheColumns_OrEmpty_SaysWhatIsExpected()
    {
        var (_, missing) = CpDecisionCsv.Read(Bytes("ref;decision\nAMI-0001;accordé\n"));
        var (_, empty) = CpDecisionCsv.Read([]);
        var (_, headerOnly) = CpDecisionCsv.Read(Bytes("reference;décision;montant;motifs\n"));

        Assert.Contains("manquantes : reference, montant, motifs", Assert.Single(missing), StringComparison.Ordinal);
        Assert.Equal("Le fichier est vide.", Assert.Single(empty));
        Assert.Contains("aucune décision", Assert.Single(headerOnly), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("reference", "Référence du dossier")]
    [InlineData("decision", "Décision")]
    [InlineData("amount", "Montant")]
    [InlineData("comment", "Motifs")]
    public void LabelOf_NamesARulesFieldAsTheSessionsPageLabelsIt_NotAsTheFilesColumn(string field, string label) =>
        Assert.Equal(label, CpDecisionCsv.LabelOf(new Ami.Domain.Validation.FieldError(field, "code", "message")));

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
