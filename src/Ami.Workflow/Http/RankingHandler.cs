using System.Globalization;
using System.Text.Json;
using Ami.Domain.Json;
using Ami.Domain.Scoring;
using Ami.Domain.States;
using Ami.Workflow.Activities;
using Ami.Workflow.Exports;
using Ami.Workflow.Ports;
using Microsoft.AspNetCore.Http;

namespace Ami.Workflow.Http;

/// <summary>
/// <c>GET /api/campaigns/{campaignId}/ranking</c> (staff): the campaign's scored dossiers ranked by
/// <see cref="JuryRanking"/> (its tie-break is the domain's), as JSON, or as CSV with <c>Accept: text/csv</c>
/// (semicolon-separated, UTF-8 with a BOM, decimal comma: what a French spreadsheet opens as is).
/// </summary>
public sealed class RankingHandler(IDossierStore dossiers, ICampaignStore campaigns)
{
    /// <summary>Table storage's largest page: the whole partition is read, so in as few round trips as it allows.</summary>
    private const int PageSize = 1000;

    public async Task<IResult> GetAsync(HttpRequest request, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cancellationToken = request.HttpContext.RequestAborted;
        if (await campaigns.GetAsync(campaignId, cancellationToken) is null)
        {
            return Problems.CampaignNotFound();
        }

        var scored = new List<(string DossierId, string Reference, JuryResult Result)>();
        var statuses = new Dictionary<string, DossierStatus>(StringComparer.Ordinal);
        var grids = new Dictionary<string, ScoringGrid>(StringComparer.Ordinal);
        string? continuation = null;
        do
        {
            var page = await dossiers.ListAsync(campaignId, status: null, PageSize, continuation, cancellationToken);
            foreach (var record in page.Items)
            {
                if (record.JuryJson is { Length: > 0 } json
                    && JsonSerializer.Deserialize<JuryReport>(json, AmiJson.Options) is { Sheets: > 0 } report)
                {
                    scored.Add((record.DossierId, record.Reference, report.ToResult()));
                    statuses[record.DossierId] = record.Status;
                    grids[record.DossierId] = record.JuryGrid;
                }
            }

            continuation = page.ContinuationToken;
        }
        while (continuation is not null);

        var ranking = JuryRanking.Rank(scored);
        var rows = ranking.Select(r => new RankingRow(
            r.Rank,
            r.DossierId,
            r.Reference,
            statuses[r.DossierId],
            r.Result.Count,
            r.Result.MeanTotal,
            r.Result.MinTotal,
            r.Result.MaxTotal,
            r.Result.DivergentCriteria)).ToList();

        var wantsCsv = request.Headers.Accept.Any(a => a is not null && a.Contains("text/csv", StringComparison.OrdinalIgnoreCase));
        return wantsCsv
            ? SpreadsheetExport.Csv("classement-" + campaignId + ".csv", CsvColumns(grids), rows)
            : Results.Json(new RankingView(campaignId, rows), AmiJson.Options);
    }

    /// <summary>
    /// The CSV's columns (CsvHelper writes them: semicolons, UTF-8 BOM, formulas escaped), as a French spreadsheet reads them.
    /// </summary>
    /// <param name="grids">Each dossier's scoring grid (frozen when its jury opened): the labels of its criteria.</param>
    private static ExportColumn<RankingRow>[] CsvColumns(IReadOnlyDictionary<string, ScoringGrid> grids)
    {
        var fr = CultureInfo.GetCultureInfo("fr-FR");
        var scales = grids.Values.Select(g => g.MaxTotal).Distinct().ToList();
        var mean = scales.Count == 1 ? "moyenne /" + scales[0].ToString(CultureInfo.InvariantCulture) : scales.Count == 0 ? "moyenne /" + ScoringGrid.Annex1.MaxTotal.ToString(CultureInfo.InvariantCulture) : "moyenne";
        return
        [
            new("rang", r => r.Rank.ToString(CultureInfo.InvariantCulture)),
            new("référence", r => r.Reference),
            new("dossier", r => r.DossierId),
            new("statut", r => r.Status.ToFrench()),
            new("fiches", r => r.Sheets.ToString(CultureInfo.InvariantCulture)),
            new(mean, r => r.MeanTotal.ToString("0.00", fr)),
            new("minimum", r => r.MinTotal.ToString(CultureInfo.InvariantCulture)),
            new("maximum", r => r.MaxTotal.ToString(CultureInfo.InvariantCulture)),
            new("critères divergents", r => string.Join(", ", r.Divergent.Select(k => grids[r.DossierId].Find(k)?.Label ?? k))),
        ];
    }

    /// <summary>The JSON answer.</summary>
    public sealed record RankingView(string CampaignId, IReadOnlyList<RankingRow> Ranking);

    /// <summary>One ranked dossier.</summary>
    public sealed record RankingRow(
        int Rank,
        string DossierId,
        string Reference,
        DossierStatus Status,
        int Sheets,
        decimal MeanTotal,
        int MinTotal,
        int MaxTotal,
        IReadOnlyList<string> Divergent);
}
