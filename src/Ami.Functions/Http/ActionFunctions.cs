using Ami.Workflow.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Ami.Functions.Http;

/// <summary><c>GET|POST /api/actions/{token}</c>: signed action links (anonymous: the token is the credential).</summary>
public sealed class ActionFunctions(ActionHandlers handlers)
{
    [Function("ActionGet")]
    public Task<IResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/actions/{token}")] HttpRequest request,
        string token,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        handlers.GetAsync(request, token, client, cancellationToken);

    [Function("ActionPost")]
    public Task<IResult> Post(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/actions/{token}")] HttpRequest request,
        string token,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        handlers.PostAsync(request, token, client, cancellationToken);
}
