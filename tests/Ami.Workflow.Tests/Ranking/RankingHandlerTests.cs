using System.Text;
using System.Text.Json;
using Ami.Domain.Json;
using Ami.Domain.Scoring;
using Ami.Domain.States;
using Ami.Workflow.Activities;
using Ami.Workflow.Http;
using Ami.Workflow.Tests.Fakes;
using Ami.Workflow.Tests.Mail;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ami.Workflow.Tests.Ranking;

public class RankingHandlerTests
{
    private readonly FakeDossierStore _dossiers = new();
    private readonly FakeCampaignStore _campaigns = new();

    public RankingHandlerTests()
    {
        _campaigns.UpsertAsync(MailTestData.Campaign(), CancellationToken.None).GetAwaiter().GetResult();
    }

    [Fact]
    public async Task Get_ScoredDossiers_RankedByMeanThenLowestTotal_UnscoredLeftOut()
    {
        // B and C have the same mean (30); C's lowest total is higher, so C comes before B.
        Scored("d-a", "AMI-IS-2015-0001", [33, 33]);
        Scored("d-b", "AMI-IS-2015-0002", [24, 36]);
        Scored("d-c", "AMI-IS-2015-0003", [30, 30]);
        Scored("d-d", "AMI-IS-2015-0004", [30, 30]);
        _dossiers.Add(MailTestData.Record("d-e", status: DossierStatus.Eligible) with { Reference = "AMI-IS-2015-0005" });

        var (status, _, body) = await GetAsync("ami-is-2015");

        Assert.Equal(200, status);
        var rows = JsonDocument.Parse(body).RootElement.GetProperty("ranking").EnumerateArray()
            .Select(r => (Rank: r.GetProperty("rank").GetInt32(), Reference: r.GetProperty("reference").GetString()))
            .ToList();
        Assert.Equal(
            [(1, "AMI-IS-2015-0001"), (2, "AMI-IS-2015-0003"), (2, "AMI-IS-2015-0004"), (4, "AMI-IS-2015-0002")],
            rows);
    }

    [Fact]
    public async Task Get_AcceptCsv_FrenchSpreadsheetCsvWithBomSemicolonsAndDecimalComma()
    {
        Scored("d-a", "AMI-IS-2015-0001", [25, 26]);

        var (status, contentType, body) = await GetAsync("ami-is-2015", accept: "text/csv");

        Assert.Equal(200, status);
        Assert.StartsWith("text/csv", contentType, StringComparison.Ordinal);
        Assert.StartsWith("\uFEFFrang;référence;", body, StringComparison.Ordinal);
        var line = body.Split("\r\n")[1];
        Assert.StartsWith("1;AMI-IS-2015-0001;d-a;", line, StringComparison.Ordinal);
        Assert.Contains(";25,50;25;26;", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownCampaign_404ProblemJson()
    {
        var (status, contentType, _) = await GetAsync("nope");

        Assert.Equal(404, status);
        Assert.StartsWith("application/problem+json", contentType, StringComparison.Ordinal);
    }

    private void Scored(string dossierId, string reference, int[] totals)
    {
        // Sheets whose totals are the given ones: the first criteria take 3s, then the rest of the total.
        var sheets = totals.Select(total =>
        {
            var left = total;
            var scores = ScoringGrid.Annex1.Keys.ToDictionary(k => k, _ =>
            {
                var s = Math.Min(3, left);
                left -= s;
                return s;
            });
            return ScoreSheet.Create(ScoringGrid.Annex1, scores);
        }).ToList();
        var result = JuryAggregation.Aggregate(ScoringGrid.Annex1, sheets);
        var report = new JuryReport(result.Count, 0, result.MeanTotal, result.MinTotal, result.MaxTotal, result.CriterionMeans, result.DivergentCriteria, result.SumOfTotals);
        _dossiers.Add(MailTestData.Record(dossierId, status: DossierStatus.Cp) with
        {
            Reference = reference,
            JuryJson = JsonSerializer.Serialize(report, AmiJson.Options),
        });
    }

    private async Task<(int Status, string ContentType, string Body)> GetAsync(string campaignId, string? accept = null)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton(NullLoggerFactory.Instance).BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        if (accept is not null)
        {
            context.Request.Headers.Accept = accept;
        }

        var body = new MemoryStream();
        context.Response.Body = body;
        var result = await new RankingHandler(_dossiers, _campaigns).GetAsync(context.Request, campaignId);
        await result.ExecuteAsync(context);
        return (context.Response.StatusCode, context.Response.ContentType ?? "", Encoding.UTF8.GetString(body.ToArray()));
    }
}
