using Ami.Workflow.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Ami.Functions.Http;

/// <summary>The holder's start, bilan and withdrawal (anonymous at the host: the holder token is checked by the handler).</summary>
public sealed class HolderFunctions(HolderHandlers handlers)
{
    [Function("DossierStart")]
    public Task<IResult> Start(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/dossiers/{dossierId}/start")] HttpRequest request,
        string dossierId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        handlers.StartAsync(request, dossierId, client, cancellationToken);

    [Function("DossierBilan")]
    public Task<IResult> Bilan(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/dossiers/{dossierId}/bilan")] HttpRequest request,
        string dossierId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        handlers.BilanAsync(request, dossierId, client, cancellationToken);

    [Function("DossierWithdraw")]
    public Task<IResult> Withdraw(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/dossiers/{dossierId}/withdraw")] HttpRequest request,
        string dossierId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        handlers.WithdrawAsync(request, dossierId, client, cancellationToken);
}
