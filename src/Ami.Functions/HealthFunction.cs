using Ami.Workflow.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Ami.Functions;

/// <summary><c>GET /api/health</c>: is the durable task hub (storage) reachable.</summary>
public sealed class HealthFunction(ILogger<HealthHandler> logger)
{
    [Function("Health")]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        HealthHandler.CheckAsync(client, logger, cancellationToken);
}
