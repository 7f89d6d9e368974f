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

        // Journey: signed action links and the holder's moves after the decision.
        api.MapGet("/actions/{token}", (HttpRequest request, string token, ActionHandlers h, DurableTaskClient client, CancellationToken ct) => h.GetAsync(request, token, client, ct));
        api.MapPost("/actions/{token}", (HttpRequest request, string token, ActionHandlers h, DurableTaskClient client, CancellationToken ct) => h.PostAsync(request, token, client, ct)).DisableAntiforgery();
        api.MapPost("/dossiers/{dossierId}/start", (HttpRequest request, string dossierId, HolderHandlers h, DurableTaskClient client, CancellationToken ct) => h.StartAsync(request, dossierId, client, ct));
        api.MapPost("/dossiers/{dossierId}/bilan", (HttpRequest request, string dossierId, HolderHandlers h, DurableTaskClient client, CancellationToken ct) => h.BilanAsync(request, dossierId, client, ct)).DisableAntiforgery();
        api.MapPost("/dossiers/{dossierId}/withdraw", (HttpRequest request, string dossierId, HolderHandlers h, DurableTaskClient client, CancellationToken ct) => h.WithdrawAsync(request, dossierId, client, ct));
        return endpoints;
    }
}
