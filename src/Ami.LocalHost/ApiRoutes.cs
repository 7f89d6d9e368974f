using Ami.Workflow.Http;
using Microsoft.DurableTask.Client;

namespace Ami.LocalHost;

/// <summary>
/// The HTTP routes of Ami.Functions, served by the local host with the same handlers from Ami.Workflow.
/// Every route here has a [Function] twin in Ami.Functions (checked by the route-parity test).
/// </summary>
public static class ApiRoutes
{
    public static IEndpointRouteBuilder MapAmiApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api");

        api.MapPost("/campaigns/{campaignId}/dossiers", (HttpRequest r, string campaignId, DossierHandlers h, DurableTaskClient c) => h.SubmitAsync(r, campaignId, c));
        api.MapGet("/dossiers/{dossierId}", (HttpRequest r, string dossierId, DossierHandlers h) => h.GetAsync(r, dossierId));
        api.MapPut("/dossiers/{dossierId}", (HttpRequest r, string dossierId, DossierHandlers h, DurableTaskClient c) => h.ResubmitAsync(r, dossierId, c));
        api.MapGet("/campaigns/{campaignId}/dossiers", (HttpRequest r, string campaignId, DossierHandlers h) => h.ListAsync(r, campaignId)); // STAFF: RequireStaffKey() once merged
        api.MapPost("/campaigns", (HttpRequest r, CampaignHandlers h, DurableTaskClient c) => h.UpsertAsync(r, c)); // STAFF
        api.MapGet("/campaigns/{campaignId}", (HttpRequest r, string campaignId, CampaignHandlers h) => h.GetAsync(r, campaignId)); // STAFF
        api.MapGet("/campaigns", (HttpRequest r, CampaignHandlers h) => h.ListAsync(r)); // STAFF

        return endpoints;
    }
}
