using System.Reflection;
using Ami.LocalHost.Durable;
using DurableTask.Core;
using DurableTask.Core.History;

namespace Ami.LocalHost.Tests.Durable;

/// <summary>
/// A creation message delivered again after its first episode was committed (a process killed between the history write
/// and the message's deletion: the chaos test's dossier stuck at <c>submitted</c>). The gRPC sidecar's dispatcher adds
/// every new message to the runtime state, as this test does: a second <see cref="ExecutionStartedEvent"/> throws there,
/// so the episode is abandoned with every message batched with it, at each delivery, and the instance never moves again.
/// The engine as the dispatcher sees it (<see cref="StopOnceOrchestrationService"/>) drops such a duplicate, as
/// DurableTask.Core's own dispatcher does.
/// </summary>
public sealed class DuplicateStartMessageTests
{
    [Fact]
    public async Task StartMessageDeliveredAgainAfterTheFirstEpisode_IsDropped_AndTheOtherMessagesOfTheBatchReachTheOrchestration()
    {
        var instance = new OrchestrationInstance { InstanceId = "campaign--dossier", ExecutionId = Guid.NewGuid().ToString() };
        var start = new ExecutionStartedEvent(-1, "{}") { Name = "DossierJourney", OrchestrationInstance = instance };
        var history = new OrchestrationRuntimeState(
        [
            new OrchestratorStartedEvent(-1),
            start,
            new TaskScheduledEvent(0, "LoadJourneyPlan"),
            new OrchestratorCompletedEvent(-1),
        ]);
        var completed = new TaskCompletedEvent(-1, 0, "{}");
        var workItem = new TaskOrchestrationWorkItem
        {
            InstanceId = instance.InstanceId,
            OrchestrationRuntimeState = history,
            NewMessages =
            [
                new TaskMessage { Event = new ExecutionStartedEvent(-1, "{}") { Name = "DossierJourney", OrchestrationInstance = instance }, OrchestrationInstance = instance },
                new TaskMessage { Event = completed, OrchestrationInstance = instance },
            ],
        };
        var service = new StopOnceOrchestrationService(FakeEngine.Handing(workItem));

        var handed = await service.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(1), CancellationToken.None);

        // What the sidecar's dispatcher does with the work item (TaskOrchestrationDispatcher.ExecuteWorkItemAsync).
        handed.OrchestrationRuntimeState.AddEvent(new OrchestratorStartedEvent(-1));
        foreach (var message in handed.NewMessages)
        {
            handed.OrchestrationRuntimeState.AddEvent(message.Event);
        }

        Assert.Same(start, handed.OrchestrationRuntimeState.ExecutionStartedEvent);
        Assert.Equal([completed], handed.NewMessages.Select(m => m.Event));
    }

    [Fact]
    public async Task FirstDeliveryOfAStartMessage_IsKept_ButASecondCopyInTheSameBatchIsDropped()
    {
        var instance = new OrchestrationInstance { InstanceId = "campaign--dossier2", ExecutionId = Guid.NewGuid().ToString() };
        TaskMessage Start() => new() { Event = new ExecutionStartedEvent(-1, "{}") { Name = "DossierJourney", OrchestrationInstance = instance }, OrchestrationInstance = instance };
        var first = Start();
        var workItem = new TaskOrchestrationWorkItem
        {
            InstanceId = instance.InstanceId,
            OrchestrationRuntimeState = new OrchestrationRuntimeState(),
            NewMessages = [first, Start()],
        };
        var service = new StopOnceOrchestrationService(FakeEngine.Handing(workItem));

        var handed = await service.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Equal([first], handed.NewMessages);
    }

    /// <summary>An engine whose only answer is one work item (every other member throws).</summary>
    public class FakeEngine : DispatchProxy
    {
        private TaskOrchestrationWorkItem? _workItem;

        public static IOrchestrationService Handing(TaskOrchestrationWorkItem workItem)
        {
            var proxy = Create<IOrchestrationService, FakeEngine>();
            ((FakeEngine)(object)proxy)._workItem = workItem;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod?.Name == nameof(IOrchestrationService.LockNextTaskOrchestrationWorkItemAsync)
                ? Task.FromResult(_workItem!)
                : throw new NotSupportedException(targetMethod?.Name);
    }
}
