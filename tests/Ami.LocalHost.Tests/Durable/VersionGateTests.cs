using System.Reflection;
using Ami.LocalHost.Durable;
using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Settings;

namespace Ami.LocalHost.Tests.Durable;

/// <summary>
/// The engine's side of host.json's versioning (<see cref="StopOnceOrchestrationService"/>): the work item of an
/// instance newer than the deployed version goes back to the provider (abandoned, then released, as DurableTask.Core's
/// dispatcher does in Azure) and the dispatcher gets the next one; the version is read from the history of a running
/// instance as well as from the creation message of a new one.
/// </summary>
public sealed class VersionGateTests
{
    private static readonly OrchestrationVersioning Deployed =
        new("1.3", VersioningSettings.VersionMatchStrategy.CurrentOrOlder, VersioningSettings.VersionFailureStrategy.Reject);

    [Fact]
    public async Task RunningInstanceOfANewerVersion_IsHandedBack_AndTheNextWorkItemIsDispatched()
    {
        var newer = WithHistory("dossier-newer", "1.4");
        var older = WithHistory("dossier-older", "1.2");
        var engine = RecordingEngine.Handing(newer, older);

        var handed = await new StopOnceOrchestrationService(engine, Deployed).LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Same(older, handed);
        Assert.Equal(["Abandon dossier-newer", "Release dossier-newer"], ((RecordingEngine)(object)engine).Calls);
    }

    [Theory]
    [InlineData("1.4", false)]
    [InlineData("1.3", true)]
    [InlineData("1.0", true)]
    [InlineData(null, true)]
    public async Task NewInstance_RunsWhenItsCreationMessageIsOfTheDeployedVersionOrOlder(string? version, bool runs)
    {
        var instance = new OrchestrationInstance { InstanceId = "dossier-new", ExecutionId = "e1" };
        var workItem = new TaskOrchestrationWorkItem
        {
            InstanceId = instance.InstanceId,
            OrchestrationRuntimeState = new OrchestrationRuntimeState(),
            NewMessages = [new TaskMessage { Event = new ExecutionStartedEvent(-1, "{}") { Name = "DossierJourney", OrchestrationInstance = instance, Version = version }, OrchestrationInstance = instance }],
        };
        var engine = RecordingEngine.Handing(workItem);

        var handed = await new StopOnceOrchestrationService(engine, Deployed).LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Equal(runs, handed is not null);
        Assert.Equal(runs ? Array.Empty<string>() : ["Abandon dossier-new", "Release dossier-new"], ((RecordingEngine)(object)engine).Calls);
    }

    private static TaskOrchestrationWorkItem WithHistory(string instanceId, string version)
    {
        var instance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = "e1" };
        return new TaskOrchestrationWorkItem
        {
            InstanceId = instanceId,
            OrchestrationRuntimeState = new OrchestrationRuntimeState(
            [
                new OrchestratorStartedEvent(-1),
                new ExecutionStartedEvent(-1, "{}") { Name = "DossierJourney", OrchestrationInstance = instance, Version = version },
                new OrchestratorCompletedEvent(-1),
            ]),
            NewMessages = [new TaskMessage { Event = new EventRaisedEvent(-1, "{}") { Name = "Validation" }, OrchestrationInstance = instance }],
        };
    }

    /// <summary>An engine that hands out its work items in order (then none) and records what is done with them.</summary>
    public class RecordingEngine : DispatchProxy
    {
        private readonly Queue<TaskOrchestrationWorkItem> _workItems = new();

        public List<string> Calls { get; } = [];

        public static IOrchestrationService Handing(params TaskOrchestrationWorkItem[] workItems)
        {
            var proxy = Create<IOrchestrationService, RecordingEngine>();
            foreach (var workItem in workItems)
            {
                ((RecordingEngine)(object)proxy)._workItems.Enqueue(workItem);
            }

            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            switch (targetMethod?.Name)
            {
                case nameof(IOrchestrationService.LockNextTaskOrchestrationWorkItemAsync):
                    return Task.FromResult(_workItems.TryDequeue(out var next) ? next : null!);
                case nameof(IOrchestrationService.AbandonTaskOrchestrationWorkItemAsync):
                    Calls.Add("Abandon " + ((TaskOrchestrationWorkItem)args![0]!).InstanceId);
                    return Task.CompletedTask;
                case nameof(IOrchestrationService.ReleaseTaskOrchestrationWorkItemAsync):
                    Calls.Add("Release " + ((TaskOrchestrationWorkItem)args![0]!).InstanceId);
                    return Task.CompletedTask;
                default:
                    throw new NotSupportedException(targetMethod?.Name);
            }
        }
    }
}
