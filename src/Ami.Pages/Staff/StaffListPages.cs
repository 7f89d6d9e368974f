using System.Globalization;
using Ami.Domain.Campaigns;
using Ami.Domain.States;
using Ami.Domain.Validation;
using Ami.Pages.Components.Staff;
using Ami.Workflow.Exports;
using Ami.Workflow.Http;
using Ami.Workflow.Ports;
using Ami.Workflow.Staff;
using Microsoft.AspNetCore.Http;

namespace Ami.Pages.Staff;

/// <summary>The list's page and what it shows.</summary>
public sealed record DossierListModel(
    StaffChrome Chrome,
    Campaign Campaign,
    DossierListQuery Query,
    IReadOnlyList<FieldError> Errors,
    IReadOnlyList<DossierListRow> Page,
    int Total,
    int CampaignTotal)
{
    public int Pages => Math.Max(1, (Total + Query.PageSize - 1) / Query.PageSize);
}

/// <summary>
/// <c>/gestion/campagnes/{id}/dossiers</c>: the campaign's dossiers with filters, search and paging (over the in-memory
/// list index, <see cref="IDossierListIndex"/>), and the same selection as CSV (CsvHelper) or XLSX (MiniExcel), streamed.
/// Absurd filters: 400 naming each field (the page with its error summary, or problem+json for the exports).
/// </summary>
public sealed class StaffListPages(StaffGuard guard, ICampaignStore campaigns, IDossierListIndex index, PageRenderer pages)
{
    private static readonly CultureInfo Fr = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>The exports' columns.</summary>
    public static readonly ExportColumn<DossierListRow>[] ExportColumns =
    [
        new("référence", r => r.Reference),
        new("dossier", r => r.DossierId),
        new("statut", r => r.Status.ToFrench()),
        new("porteur", r => r.HolderName),
        new("type de porteur", r => HolderTypeLabel(r.HolderType)),
        new("code postal", r => r.PostalCode),
        new("département", r => r.Department),
        new("action", r => r.ActionTitle),
        new("montant demandé (€)", r => r.RequestedAmount.ToDecimal().ToString("0.00", Fr)),
        new("montant accordé (€)", r => r.GrantedAmount?.ToDecimal().ToString("0.00", Fr) ?? ""),
        new("déposé le", r => r.SubmittedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)),
    ];

    public static string HolderTypeLabel(string type) => FilingForm.HolderTypes.FirstOrDefault(t => t.Value == type).Label ?? type;

    /// <summary><c>GET /gestion/campagnes/{campaignId}/dossiers</c>.</summary>
    public async Task<IResult> ListAsync(HttpRequest request, string campaignId, CancellationToken cancellationToken)
    {
        var (chrome, refusal) = await guard.ForGetAsync(request, StaffPages.AnyRole);
        if (refusal is not null)
        {
            return refusal;
        }

        var campaign = await campaigns.GetAsync(campaignId, cancellationToken);
        if (campaign is null)
        {
            return await guard.MessageAsync(chrome, StatusCodes.Status404NotFound, "Campagne inconnue", ["Aucune campagne ne porte cet identifiant."], StaffPageRoutes.HomePath, "Retour aux campagnes");
        }

        var query = DossierListQuery.Parse(request.Query, out var errors);
        if (errors.Count > 0 && !WantsHtml(request))
        {
            return InvalidQuery(errors);
        }

        var all = errors.Count > 0 ? [] : await index.RowsAsync(campaign.Id, cancellationToken);
        var selected = query.Filter(all).ToList();
        var page = selected.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToList();
        var model = new DossierListModel(chrome!, campaign, query, errors, page, selected.Count, all.Count);
        return await pages.PageAsync<DossierList>(errors.Count > 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK, new Dictionary<string, object?> { ["M"] = model });
    }

    /// <summary><c>GET …/dossiers.csv</c> and <c>…/dossiers.xlsx</c>: every dossier of the selection (not one page).</summary>
    public async Task<IResult> ExportAsync(HttpRequest request, string campaignId, bool xlsx, CancellationToken cancellationToken)
    {
        var (chrome, refusal) = await guard.ForGetAsync(request, StaffPages.AnyRole);
        if (refusal is not null)
        {
            return refusal;
        }

        var campaign = await campaigns.GetAsync(campaignId, cancellationToken);
        if (campaign is null)
        {
            return Problems.CampaignNotFound();
        }

        var query = DossierListQuery.Parse(request.Query, out var errors);
        if (errors.Count > 0)
        {
            return InvalidQuery(errors);
        }

        var rows = query.Filter(await index.RowsAsync(campaign.Id, cancellationToken));
        var name = "dossiers-" + campaign.Id;
        return xlsx ? SpreadsheetExport.Xlsx(name + ".xlsx", ExportColumns, rows) : SpreadsheetExport.Csv(name + ".csv", ExportColumns, rows);
    }

    private static IResult InvalidQuery(IReadOnlyList<FieldError> errors) =>
        Problems.Create(StatusCodes.Status400BadRequest, "invalid-query", "Filtres non valables", "Un ou plusieurs filtres de la liste ne sont pas valables : voir « errors ».", errors);

    private static bool WantsHtml(HttpRequest request) =>
        request.Headers.Accept.Count == 0 || request.Headers.Accept.Any(a => a is not null && (a.Contains("text/html", StringComparison.OrdinalIgnoreCase) || a.Contains("*/*", StringComparison.Ordinal)));

    /// <summary>Statuses in the order of the call.</summary>
    public static IEnumerable<DossierStatus> Statuses => Enum.GetValues<DossierStatus>();
}
