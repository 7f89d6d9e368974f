using Ami.Pages.Staff;
using Microsoft.DurableTask.Client;

namespace Ami.LocalHost;

/// <summary>
/// The staff's pages (<see cref="StaffPageRoutes"/>), served with the same handlers as Ami.Functions'
/// <c>StaffPageFunctions</c> (the route-parity test checks both lists). Out of the API description: they are HTML.
/// </summary>
public static class StaffPageEndpoints
{
    public static IEndpointRouteBuilder MapAmiStaffPages(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var pages = endpoints.MapGroup("/").ExcludeFromDescription().WithMetadata(new PageEndpointMetadata());
        pages.MapGet(StaffPageRoutes.SignIn, (HttpRequest r, StaffPages h) => h.SignInFormAsync(r));
        pages.MapPost(StaffPageRoutes.SignIn, (HttpRequest r, StaffPages h, CancellationToken ct) => h.SignInAsync(r, ct));
        pages.MapPost(StaffPageRoutes.SignOut, (HttpRequest r, StaffPages h, CancellationToken ct) => h.SignOutAsync(r, ct));
        pages.MapGet(StaffPageRoutes.Home, (HttpRequest r, StaffPages h, CancellationToken ct) => h.HomeAsync(r, ct));
        pages.MapGet(StaffPageRoutes.Dossiers, (HttpRequest r, string campaignId, StaffListPages h, CancellationToken ct) => h.ListAsync(r, campaignId, ct));
        pages.MapGet(StaffPageRoutes.DossiersCsv, (HttpRequest r, string campaignId, StaffListPages h, CancellationToken ct) => h.ExportAsync(r, campaignId, xlsx: false, ct));
        pages.MapGet(StaffPageRoutes.DossiersXlsx, (HttpRequest r, string campaignId, StaffListPages h, CancellationToken ct) => h.ExportAsync(r, campaignId, xlsx: true, ct));
        pages.MapGet(StaffPageRoutes.Dossier, (HttpRequest r, string dossierId, StaffDossierPages h, DurableTaskClient c, CancellationToken ct) => h.ShowAsync(r, dossierId, c, ct));
        pages.MapPost(StaffPageRoutes.DossierDecision, (HttpRequest r, string dossierId, StaffDossierPages h, DurableTaskClient c, CancellationToken ct) => h.DecideAsync(r, dossierId, c, ct));
        pages.MapGet(StaffPageRoutes.Campaign, (HttpRequest r, string campaignId, StaffCampaignPages h, CancellationToken ct) => h.ShowAsync(r, campaignId, ct));
        pages.MapPost(StaffPageRoutes.Campaign, (HttpRequest r, string campaignId, StaffCampaignPages h, DurableTaskClient c, CancellationToken ct) => h.ChangeAsync(r, campaignId, c, ct));
        pages.MapGet(StaffPageRoutes.DossierZip, (HttpRequest r, string dossierId, StaffDossierPages h, CancellationToken ct) => h.ZipAsync(r, dossierId, ct));
        return endpoints;
    }
}
