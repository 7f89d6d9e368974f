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
        api.MapGet("/campaigns/{campaignId}/ranking", (HttpRequest r, string campaignId, RankingHandler h) => h.GetAsync(r, campaignId)).RequireStaffKey();

        // Journey: signed action links (the token is the credential) and the holder's moves after the decision.
        api.MapGet("/actions/{token}", (HttpRequest request, string token, ActionHandlers h, DurableTaskClient client, CancellationToken ct) => h.GetAsync(request, token, client, ct));
        api.MapPost("/actions/{token}", (HttpRequest request, string token, ActionHandlers h, DurableTaskClient client, CancellationToken ct) => h.PostAsync(request, token, client, ct));
        api.MapPost("/dossiers/{dossierId}/start", (HttpRequest request, string dossierId, HolderHandlers h, DurableTaskClient client, CancellationToken ct) => h.StartAsync(request, dossierId, client, ct));
        api.MapPost("/dossiers/{dossierId}/bilan", (HttpRequest request, string dossierId, HolderHandlers h, DurableTaskClient client, CancellationToken ct) => h.BilanAsync(request, dossierId, client, ct));
        api.MapPost("/dossiers/{dossierId}/withdraw", (HttpRequest request, string dossierId, HolderHandlers h, DurableTaskClient client, CancellationToken ct) => h.WithdrawAsync(request, dossierId, client, ct));
        return endpoints;
    }
}
