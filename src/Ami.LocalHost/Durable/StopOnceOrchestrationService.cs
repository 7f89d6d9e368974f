using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Settings;

namespace Ami.LocalHost.Durable;

/// <summary>
/// The engine's <see cref="IOrchestrationService"/> as the gRPC sidecar's dispatchers see it, with a start and
/// a stop that happen once: the sidecar starts the provider when the worker connects and stops it from an
/// un-awaited callback when it shuts down, while the local host must await that stop before it exits. Both
/// stops share one task; a stop before any start does nothing (the provider throws on it). It also drops a creation
/// message delivered again to an instance that has started (<see cref="DropDuplicateStarts"/>), and applies the
/// Functions host's orchestration versioning (<see cref="OrchestrationVersioning"/>): the work item of an instance the
/// deployed version does not accept goes back to its queue, as DurableTask.Core's dispatcher does in Azure.
/// </summary>
internal sealed partial class StopOnceOrchestrationService(IOrchestrationService inner, OrchestrationVersioning? versioning = null, ILogger? logger = null) : IOrchestrationService
{
    private readonly OrchestrationVersioning _versioning = versioning ?? OrchestrationVersioning.None;

    private readonly Lock _gate = new();
    private Task? _start;
    private Task? _stop;

    private static readonly TaskCompletionSource NeverStarts = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;

    public int MaxConcurrentTaskOrchestrationWorkItems => inner.MaxConcurrentTaskOrchestrationWorkItems;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;

    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;

    public int MaxConcurrentTaskActivityWorkItems => inner.MaxConcurrentTaskActivityWorkItems;

    public Task StartAsync()
    {
        lock (_gate)
        {
            // A start that comes after the stop (the sidecar starts its dispatchers from an un-awaited callback,
            // which a host stopped right after starting can run late) must neither start the provider again nor
            // throw: the exception would end the process from that async void callback. It never completes, so the
            // dispatchers it guards never start.
            return _stop is not null
                ? NeverStarts.Task
                : _start ??= inner.StartAsync();
        }
    }

    public Task StopAsync() => StopAsync(isForced: false);

    /// <summary>
    /// Waits (at most <paramref name="patience"/>) for the sidecar's own shutdown to stop the provider after its
    /// dispatchers, then awaits that stop, or stops the provider itself if it did not come.
    /// </summary>
    public async Task StopAfterDispatchersAsync(TimeSpan patience)
    {
        var until = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < until)
        {
            lock (_gate)
            {
                if (_start is null || _stop is not null)
                {
                    break;
                }
            }

            await Task.Delay(50);
        }

        await StopAsync(isForced: false);
    }

    public Task StopAsync(bool isForced)
    {
        lock (_gate)
        {
            if (_start is null)
            {
                _stop ??= Task.CompletedTask;
            }

            return _stop ??= StopAfterStartAsync(_start!, isForced);
        }
    }

    private async Task StopAfterStartAsync(Task start, bool isForced)
    {
        try
        {
            await start;
        }
        catch (Exception) when (!isForced)
        {
            return; // never started: nothing to stop
        }

        await inner.StopAsync(isForced);
    }

    public Task CreateAsync() => inner.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();

    public Task DeleteAsync() => inner.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);

    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        while (true)
        {
            var workItem = await inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);
            if (workItem is null)
            {
                return null!;
            }

            DropDuplicateStarts(workItem);
            var version = VersionOf(workItem);
            if (_versioning.Accepts(version))
            {
                return workItem;
            }

            // Reject (host.json versionFailureStrategy): the instance is left as it is, its messages go back to the queue
            // (the provider makes them visible again after a delay that doubles at each delivery, up to 10 minutes) and
            // a deployment of its version or newer runs it. Neither failed nor run by code that does not know it.
            if (logger is not null)
            {
                LogRejected(logger, workItem.InstanceId, version, _versioning.DefaultVersion, _versioning.MatchStrategy);
            }

            try
            {
                await inner.AbandonTaskOrchestrationWorkItemAsync(workItem);
            }
            finally
            {
                await inner.ReleaseTaskOrchestrationWorkItemAsync(workItem); // as a dispatcher does after any work item
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Instance {InstanceId} of version {Version} left waiting: the deployed version is {Deployed} ({MatchStrategy})")]
    private static partial void LogRejected(ILogger logger, string instanceId, string? version, string deployed, VersioningSettings.VersionMatchStrategy matchStrategy);

    /// <summary>
    /// The orchestration version of a work item's instance: from its history, or from the creation message of a new
    /// instance (what DurableTask.Core compares once it has added the new messages to the runtime state).
    /// </summary>
    internal static string? VersionOf(TaskOrchestrationWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        return workItem.OrchestrationRuntimeState?.ExecutionStartedEvent?.Version
            ?? workItem.NewMessages?.Select(m => m.Event).OfType<ExecutionStartedEvent>().FirstOrDefault()?.Version;
    }

    /// <summary>
    /// Removes from a work item's new messages every <see cref="ExecutionStartedEvent"/> of an instance that has already
    /// started (or a second one in the same batch), as DurableTask.Core's own dispatcher does ("Duplicate start event").
    /// <para>
    /// Why: a process killed after an episode started by the creation message was committed (history and instance row
    /// written) but before that message was deleted from the control queue leaves it there; it comes back once its
    /// visibility timeout runs out, and the provider hands it over again with the history (its execution id matches the
    /// instance row, so its own de-duplication lets it through). The gRPC sidecar's dispatcher does not filter it: it adds it
    /// to the runtime state, which throws ("Multiple ExecutionStartedEvent found"), the work item is abandoned with
    /// every message batched with it, and so on at each delivery: the journey stops (a dossier stuck at <c>submitted</c>).
    /// The dropped message is still deleted from the queue when the episode completes (the provider deletes the batch it
    /// dequeued, not the list the dispatcher sees).
    /// </para>
    /// </summary>
    internal static int DropDuplicateStarts(TaskOrchestrationWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        if (workItem.NewMessages is not { Count: > 0 } messages)
        {
            return 0;
        }

        var started = workItem.OrchestrationRuntimeState?.ExecutionStartedEvent is not null;
        var kept = new List<TaskMessage>(messages.Count);
        var dropped = 0;
        foreach (var message in messages)
        {
            if (message.Event is ExecutionStartedEvent)
            {
                if (started)
                {
                    dropped++;
                    continue;
                }

                started = true;
            }

            kept.Add(message);
        }

        if (dropped > 0)
        {
            workItem.NewMessages = kept;
        }

        return dropped;
    }

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState) =>
        inner.CompleteTaskOrchestrationWorkItemAsync(workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);

    public Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => inner.RenewTaskActivityWorkItemLockAsync(workItem);

    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage) =>
        inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);

    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem) => inner.AbandonTaskActivityWorkItemAsync(workItem);
}
