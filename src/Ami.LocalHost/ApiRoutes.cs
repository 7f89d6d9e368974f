using Ami.Workflow.Http;
using Microsoft.DurableTask.Client;

namespace Ami.LocalHost;

/// <summary>
/// The HTTP routes of Ami.Functions, served by the local host with the same handlers from Ami.Workflow.
/// Every route here has a [Function] twin in Ami.Functions with the same method(s) and route (under the
/// Functions default prefix <c>api</c>), and staff routes here are <see cref="StaffKey.RequireStaffKey{TBuilder}"/>
/// exactly where the twin is <c>AuthorizationLevel.Function</c>: the route-parity test checks it.
/// </summary>
/// <example>
/// A staff route (function key in Azure) and an anonymous one, each one line:
/// <code>
/// api.MapPost("/campaigns", (HttpRequest r, DurableTaskClient c, CampaignHandler h, CancellationToken ct) => h.UpsertAsync(r, c, ct)).RequireStaffKey();
/// api.MapGet("/actions/{token}", (string token, HttpRequest r, ActionHandler h, CancellationToken ct) => h.ShowAsync(token, r, ct));
/// </code>
/// Parameters are bound as in any minimal API: route values by name, <c>HttpRequest</c>, services
/// (<c>DurableTaskClient</c>, handlers registered by <c>AddAmiWorkflow</c>) and the request's CancellationToken.
/// </example>
public static class ApiRoutes
{
    /// <summary>The Functions host's default route prefix (<c>extensions.http.routePrefix</c>).</summary>
    public const string Prefix = "/api";

    public static IEndpointRouteBuilder MapAmiApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup(Prefix);

        api.MapGet("/health", (DurableTaskClient client, ILogger<HealthHandler> logger, CancellationToken ct) => HealthHandler.CheckAsync(client, logger, ct));

        api.MapPost("/campaigns/{campaignId}/dossiers", (HttpRequest r, string campaignId, DossierHandlers h, DurableTaskClient c) => h.SubmitAsync(r, campaignId, c));
        api.MapGet("/dossiers/{dossierId}", (HttpRequest r, string dossierId, DossierHandlers h) => h.GetAsync(r, dossierId));
        api.MapPut("/dossiers/{dossierId}", (HttpRequest r, string dossierId, DossierHandlers h, DurableTaskClient c) => h.ResubmitAsync(r, dossierId, c));
        api.MapGet("/campaigns/{campaignId}/dossiers", (HttpRequest r, string campaignId, DossierHandlers h) => h.ListAsync(r, campaignId)).RequireStaffKey();
        api.MapPost("/campaigns", (HttpRequest r, CampaignHandlers h, DurableTaskClient c) => h.UpsertAsync(r, c)).RequireStaffKey();
        api.MapGet("/campaigns/{campaignId}", (HttpRequest r, string campaignId, CampaignHandlers h) => h.GetAsync(r, campaignId)).RequireStaffKey();
        api.MapGet("/campaigns", (HttpRequest r, CampaignHandlers h) => h.ListAsync(r)).RequireStaffKey();

        return endpoints;
    }
}
