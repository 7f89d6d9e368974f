using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;

namespace Ami.Workflow.Tests.Journey;

/// <summary>
/// The journey's orchestration context with every durable timer handled <see cref="Early"/> before its instant, as
/// the engine on Azure Storage (and Azurite) does by up to half a second: the orchestration wakes, and its clock
/// reads, a moment before the instant it asked for. Everything else goes to the real context.
/// </summary>
internal sealed class EarlyTimers(TaskOrchestrationContext inner) : TaskOrchestrationContext
{
    public static readonly TimeSpan Early = TimeSpan.FromMilliseconds(400);

    public override TaskName Name => inner.Name;

    public override string InstanceId => inner.InstanceId;

    public override ParentOrchestrationInstance? Parent => inner.Parent;

    public override DateTime CurrentUtcDateTime => inner.CurrentUtcDateTime;

    public override bool IsReplaying => inner.IsReplaying;

    public override string Version => inner.Version;

    public override IReadOnlyDictionary<string, object?> Properties => inner.Properties;

    public override TaskOrchestrationEntityFeature Entities => inner.Entities;

    protected override ILoggerFactory LoggerFactory => inner.ReplaySafeLoggerFactory;

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) =>
        inner.CreateTimer(fireAt - Early, cancellationToken);

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null) =>
        inner.CallActivityAsync<TResult>(name, input, options);

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) =>
        inner.WaitForExternalEvent<T>(eventName, cancellationToken);

    public override void SendEvent(string instanceId, string eventName, object payload) => inner.SendEvent(instanceId, eventName, payload);

    public override void SetCustomStatus(object? customStatus) => inner.SetCustomStatus(customStatus);

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
        inner.CallSubOrchestratorAsync<TResult>(orchestratorName, input, options);

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) => inner.ContinueAsNew(newInput, preserveUnprocessedEvents);

    public override Guid NewGuid() => inner.NewGuid();

    public override T? GetInput<T>()
        where T : default => inner.GetInput<T>();
}

/// <summary>A <see cref="JourneyHost"/> whose engine handles every timer <see cref="EarlyTimers.Early"/> before its instant.</summary>
public sealed class EarlyTimerJourneyHost() : JourneyHost(context => new EarlyTimers(context));
