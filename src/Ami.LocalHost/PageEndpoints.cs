using Ami.Pages;
using Microsoft.DurableTask.Client;

namespace Ami.LocalHost;

/// <summary>
/// The people's pages (<see cref="PageRoutes"/>), served by the local host with the same handlers as Ami.Functions'
/// <c>PageFunctions</c> (the route-parity test checks both lists). Out of the API description: they are HTML.
/// </summary>
public static class PageEndpoints
{
    public static IEndpointRouteBuilder MapAmiPages(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var pages = endpoints.MapGroup("/").ExcludeFromDescription().WithMetadata(new PageEndpointMetadata());
        pages.MapGet(PageRoutes.Asset, (string name) => PageAssets.Get(name));
        pages.MapGet(PageRoutes.MyDossier, (string token, HolderPages h, CancellationToken ct) => h.ShowAsync(token, ct));
        pages.MapPost(PageRoutes.MyDossierStart, (HttpRequest r, string token, HolderPages h, DurableTaskClient c, CancellationToken ct) => h.StartAsync(r, token, c, ct));
        pages.MapPost(PageRoutes.MyDossierBilan, (HttpRequest r, string token, HolderPages h, DurableTaskClient c, CancellationToken ct) => h.BilanAsync(r, token, c, ct));
        pages.MapGet(PageRoutes.MyDossierWithdraw, (string token, HolderPages h, CancellationToken ct) => h.ConfirmWithdrawAsync(token, ct));
        pages.MapPost(PageRoutes.MyDossierWithdraw, (HttpRequest r, string token, HolderPages h, DurableTaskClient c, CancellationToken ct) => h.WithdrawAsync(r, token, c, ct));
        pages.MapGet(PageRoutes.MyDossierChanges, (string token, ChangesPages h, CancellationToken ct) => h.FormAsync(token, ct));
        pages.MapPost(PageRoutes.MyDossierChanges, (HttpRequest r, string token, ChangesPages h, DurableTaskClient c, CancellationToken ct) => h.SubmitAsync(r, token, c, ct));
        pages.MapGet(PageRoutes.File, (string token, FilePages h, CancellationToken ct) => h.DownloadAsync(token, ct));
        pages.MapGet(PageRoutes.Filing, (string campaignId, FilingPages h, CancellationToken ct) => h.FormAsync(campaignId, ct));
        pages.MapPost(PageRoutes.Filing, (HttpRequest r, string campaignId, FilingPages h, DurableTaskClient c, CancellationToken ct) => h.SubmitAsync(r, campaignId, c, ct));
        pages.MapGet(PageRoutes.Draft, (string token, FilingPages h, CancellationToken ct) => h.ResumeAsync(token, ct));
        pages.MapGet(PageRoutes.LostLink, (LostLinkPages h) => h.FormAsync());
        pages.MapPost(PageRoutes.LostLink, (HttpRequest r, LostLinkPages h, CancellationToken ct) => h.RequestAsync(r, ct));
        return endpoints;
    }
}

/// <summary>Marks the page endpoints (for the route-parity test, beside the <c>/api</c> ones).</summary>
public sealed class PageEndpointMetadata;
