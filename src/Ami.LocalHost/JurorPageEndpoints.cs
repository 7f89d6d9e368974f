using Ami.Pages.Workspaces;
using Microsoft.DurableTask.Client;

namespace Ami.LocalHost;

/// <summary>The juror's workspace pages (<see cref="JurorRoutes"/>), with the same handlers as Ami.Functions' <c>JurorPageFunctions</c>.</summary>
public static class JurorPageEndpoints
{
    public static IEndpointRouteBuilder MapAmiJurorPages(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var pages = endpoints.MapGroup("/").ExcludeFromDescription().WithMetadata(new PageEndpointMetadata());
        pages.MapGet(JurorRoutes.List, (string token, JurorPages h, CancellationToken ct) => h.ListAsync(token, ct));
        pages.MapGet(JurorRoutes.Dossier, (string token, string dossierId, JurorPages h, CancellationToken ct) => h.DossierAsync(token, dossierId, ct));
        pages.MapPost(JurorRoutes.Dossier, (HttpRequest r, string token, string dossierId, JurorPages h, DurableTaskClient c, CancellationToken ct) => h.PostAsync(r, token, dossierId, c, ct));
        return endpoints;
    }
}
