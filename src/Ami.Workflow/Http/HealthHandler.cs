using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Ami.Workflow.Http;

/// <summary>Answer of <c>GET /api/health</c>.</summary>
/// <param name="Status"><c>ok</c> or <c>unavailable</c>.</param>
/// <param name="TaskHub"><c>reachable</c> when the durable task hub (in the storage account) answered.</param>
public sealed record HealthReport(string Status, string TaskHub);

/// <summary>
/// <c>GET /api/health</c> (anonymous): 200 when the durable task hub, which lives in the app's storage
/// account, answers a point read within a few seconds; 503 problem+json otherwise.
/// </summary>
public sealed partial class HealthHandler
{
    private HealthHandler()
    {
    }

    /// <summary>Instance id that is never created: reading it costs one point read on the instances table.</summary>
    internal const string ProbeInstanceId = "ami-health-probe";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<IResult> CheckAsync(DurableTaskClient client, ILogger<HealthHandler> logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(logger);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await client.GetInstanceAsync(ProbeInstanceId, getInputsAndOutputs: false, timeout.Token);
            return Results.Ok(new HealthReport("ok", "reachable"));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogUnreachable(logger, e.GetType().Name);
            return Results.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Service indisponible",
                detail: "Le stockage des procédures (task hub) ne répond pas.",
                extensions: new Dictionary<string, object?> { ["taskHub"] = "unreachable" });
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Health check: task hub unreachable ({ErrorType})")]
    private static partial void LogUnreachable(ILogger logger, string errorType);
}
