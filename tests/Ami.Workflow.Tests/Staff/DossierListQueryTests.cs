using System.Text;
using Ami.Domain.Money;
using Ami.Domain.States;
using Ami.Workflow.Exports;
using Ami.Workflow.Staff;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Ami.Workflow.Tests.Staff;

/// <summary>The staff list's filters (every absurd value named), their effect, and the CSV export's cells.</summary>
public sealed class DossierListQueryTests
{
    private static readonly DossierListRow[] Rows =
    [
        Row("AMI-0001", "Association Les Jardins Partagés", "association", "33000", 30_000m, DossierStatus.Submitted),
        Row("AMI-0002", "Coopérative Élan", "company", "64100", 12_500.50m, DossierStatus.Eligible),
        Row("AMI-0003", "Collectif des usagers du tram", "user-collective", "33800", 40_000m, DossierStatus.Submitted),
        Row("AMI-0004", "Mairie de Dax", "public-body", "40100", 8_000m, DossierStatus.Withdrawn),
    ];

    [Fact]
    public void Parse_AbsurdFilters_NamesEveryFieldAtOnce()
    {
        var query = Query(("statut", "perdu"), ("departement", "999"), ("type", "pirate"), ("montantMin", "abc"), ("montantMax", "-5"),
            ("page", "0"), ("parPage", "100000"), ("q", new string('x', 101)));

        DossierListQuery.Parse(query, out var errors);

        Assert.Equal(["statut", "departement", "type", "montantMin", "montantMax", "q", "page", "parPage"], errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
    }

    [Fact]
    public void Parse_MinAboveMax_IsRefusedOnTheMax()
    {
        DossierListQuery.Parse(Query(("montantMin", "20 000"), ("montantMax", "10000,50")), out var errors);

        var error = Assert.Single(errors);
        Assert.Equal("montantMax", error.Field);
    }

    [Fact]
    public void Filter_ByStatusDepartmentTypeAmountAndSearch_KeepsOnlyWhatMatches()
    {
        string[] Refs(params (string, string)[] fields)
        {
            var q = DossierListQuery.Parse(Query(fields), out var errors);
            Assert.Empty(errors);
            return [.. q.Filter(Rows).Select(r => r.Reference)];
        }

        Assert.Equal(["AMI-0001", "AMI-0003"], Refs(("statut", "submitted")));
        Assert.Equal(["AMI-0001", "AMI-0002", "AMI-0003"], Refs(("statut", "submitted"), ("statut", "eligible")));
        Assert.Equal(["AMI-0001", "AMI-0003"], Refs(("departement", "33")));
        Assert.Equal(["AMI-0002"], Refs(("type", "company")));
        Assert.Equal(["AMI-0002", "AMI-0004"], Refs(("montantMax", "12 500,50")));
        Assert.Equal(["AMI-0001", "AMI-0003"], Refs(("montantMin", "30000")));
        Assert.Equal(["AMI-0002"], Refs(("q", "cooperative elan"))); // accents and case ignored
        Assert.Equal(["AMI-0004"], Refs(("q", "ami-0004")));
        Assert.Equal(["AMI-0003"], Refs(("q", "tram"), ("departement", "33"), ("montantMin", "35000")));
    }

    [Fact]
    public void QueryString_GivesTheSameFiltersBack()
    {
        var q = DossierListQuery.Parse(Query(("statut", "eligible"), ("q", "Élan & co"), ("montantMin", "1000,5"), ("page", "3")), out _);

        var again = DossierListQuery.Parse(new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(q.ToQueryString())), out var errors);

        Assert.Empty(errors);
        Assert.Equal(q.ToQueryString(), again.ToQueryString());
        Assert.Equal(q with { Statuses = again.Statuses }, again);
        Assert.True(q.Statuses.SetEquals(again.Statuses));
        Assert.Contains("page=3", q.ToQueryString(), StringComparison.Ordinal);
        Assert.DoesNotContain("page=", q.ToQueryString(page: 1), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_HasTheBomSemicolonsQuotesAndEscapesFormulas()
    {
        ExportColumn<DossierListRow>[] columns = [new("référence", r => r.Reference), new("porteur", r => r.HolderName)];
        using var output = new MemoryStream();

        await SpreadsheetExport.WriteCsvAsync(output, columns, [Row("AMI-1", "=HYPERLINK(\"x\")", "association", "33000", 1m, DossierStatus.Submitted), Row("AMI-2", "Dupont; fils", "company", "33000", 1m, DossierStatus.Submitted)], CancellationToken.None);

        var text = Encoding.UTF8.GetString(output.ToArray());
        Assert.StartsWith("\uFEFFréférence;porteur\r\n", text, StringComparison.Ordinal);
        Assert.Contains("AMI-1;\"'=HYPERLINK(\"\"x\"\")\"\r\n", text, StringComparison.Ordinal);
        Assert.Contains("AMI-2;\"Dupont; fils\"\r\n", text, StringComparison.Ordinal);
    }

    private static DossierListRow Row(string reference, string holder, string type, string postalCode, decimal requested, DossierStatus status) =>
        new("d-" + reference, reference, status, DateTimeOffset.UnixEpoch, holder, type, postalCode, "Action", Euros.FromDecimal(requested), null, null, DateTimeOffset.UnixEpoch);

    private static QueryCollection Query(params (string Name, string Value)[] fields) =>
        new(fields.GroupBy(f => f.Name).ToDictionary(g => g.Key, g => new StringValues([.. g.Select(f => f.Value)])));
}
