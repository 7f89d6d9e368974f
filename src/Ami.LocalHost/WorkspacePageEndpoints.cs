using Ami.Pages.Workspaces;
using Microsoft.DurableTask.Client;

namespace Ami.LocalHost;

/// <summary>
/// The jury president's and the CP secretariat's pages (<see cref="WorkspaceRoutes"/>), served with the same handlers as
/// Ami.Functions' <c>WorkspacePageFunctions</c> (the route-parity test checks both lists). Out of the API description.
/// </summary>
public static class WorkspacePageEndpoints
{
    public static IEndpointRouteBuilder MapAmiWorkspacePages(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var pages = endpoints.MapGroup("/").ExcludeFromDescription().WithMetadata(new PageEndpointMetadata());
        pages.MapGet(WorkspaceRoutes.Opinions, (string token, PresidentPages h, DurableTaskClient c, CancellationToken ct) => h.ShowAsync(token, c, ct));
        pages.MapPost(WorkspaceRoutes.Opinions, (HttpRequest r, string token, PresidentPages h, DurableTaskClient c, CancellationToken ct) => h.SubmitAsync(r, token, c, ct));
        pages.MapGet(WorkspaceRoutes.Commission, (string token, CpSessionPages h, DurableTaskClient c, CancellationToken ct) => h.HomeAsync(token, c, ct));
        pages.MapPost(WorkspaceRoutes.OpenSession, (HttpRequest r, string token, CpSessionPages h, DurableTaskClient c, CancellationToken ct) => h.OpenAsync(r, token, c, ct));
        pages.MapGet(WorkspaceRoutes.Session, (string token, string sessionId, CpSessionPages h, DurableTaskClient c, CancellationToken ct) => h.SessionAsync(token, sessionId, c, ct));
        pages.MapPost(WorkspaceRoutes.Session, (HttpRequest r, string token, string sessionId, CpSessionPages h, DurableTaskClient c, CancellationToken ct) => h.SubmitAsync(r, token, sessionId, c, ct));
        pages.MapPost(WorkspaceRoutes.SessionImport, (HttpRequest r, string token, string sessionId, CpSessionPages h, DurableTaskClient c, CancellationToken ct) => h.ImportAsync(r, token, sessionId, c, ct));
        pages.MapGet(WorkspaceRoutes.Table, (string token, string sessionId, CpSessionPages h, CancellationToken ct) => h.TableAsync(token, sessionId, ct));
        pages.MapGet(WorkspaceRoutes.TableCsv, (string token, string sessionId, CpSessionPages h, CancellationToken ct) => h.TableCsvAsync(token, sessionId, ct));
        return endpoints;
    }
}
