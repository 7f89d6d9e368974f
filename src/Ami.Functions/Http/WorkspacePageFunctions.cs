using Ami.Pages.Workspaces;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Ami.Functions.Http;

/// <summary>
/// The jury president's and the CP secretariat's pages (<see cref="WorkspaceRoutes"/>). Anonymous for the Functions
/// host: the personal workspace link's token is the credential, checked by the page.
/// </summary>
public sealed class WorkspacePageFunctions(PresidentPages president, CpSessionPages commission)
{
    [Function("PageJuryOpinions")]
    public Task<IResult> Opinions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = WorkspaceRoutes.Opinions)] HttpRequest request,
        string token,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        president.ShowAsync(token, client, cancellationToken);

    [Function("PageJuryOpinionsSubmit")]
    public Task<IResult> OpinionsSubmit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = WorkspaceRoutes.Opinions)] HttpRequest request,
        string token,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        president.SubmitAsync(request, token, client, cancellationToken);

    [Function("PageCommission")]
    public Task<IResult> Commission(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = WorkspaceRoutes.Commission)] HttpRequest request,
        string token,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        commission.HomeAsync(token, client, cancellationToken);

    [Function("PageCommissionOpenSession")]
    public Task<IResult> OpenSession(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = WorkspaceRoutes.OpenSession)] HttpRequest request,
        string token,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        commission.OpenAsync(request, token, client, cancellationToken);

    [Function("PageCommissionSession")]
    public Task<IResult> Session(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = WorkspaceRoutes.Session)] HttpRequest request,
        string token,
        string sessionId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        commission.SessionAsync(token, sessionId, client, cancellationToken);

    [Function("PageCommissionSessionSubmit")]
    public Task<IResult> SessionSubmit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = WorkspaceRoutes.Session)] HttpRequest request,
        string token,
        string sessionId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        commission.SubmitAsync(request, token, sessionId, client, cancellationToken);

    [Function("PageCommissionSessionImport")]
    public Task<IResult> SessionImport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = WorkspaceRoutes.SessionImport)] HttpRequest request,
        string token,
        string sessionId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        commission.ImportAsync(request, token, sessionId, client, cancellationToken);

    [Function("PageCommissionTable")]
    public Task<IResult> Table(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = WorkspaceRoutes.Table)] HttpRequest request,
        string token,
        string sessionId,
        CancellationToken cancellationToken) =>
        commission.TableAsync(token, sessionId, cancellationToken);

    [Function("PageCommissionTableCsv")]
    public Task<IResult> TableCsv(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = WorkspaceRoutes.TableCsv)] HttpRequest request,
        string token,
        string sessionId,
        CancellationToken cancellationToken) =>
        commission.TableCsvAsync(token, sessionId, cancellationToken);
}
