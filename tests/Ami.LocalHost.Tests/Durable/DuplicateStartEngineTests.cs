using Ami.LocalHost.Durable;
using Ami.Testing;
using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.History;
using Grpc.Net.Client;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ami.LocalHost.Tests.Durable;

/// <summary>
/// The real engine (Azure Storage provider on Azurite, the gRPC sidecar, the SDK worker): an instance whose creation
/// message is delivered again after its first episode (what a process killed before deleting that message leaves)
/// still takes the event it waits for and completes.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DuplicateStartEngineTests(AzuriteFixture azurite)
{
    private const string Orchestrator = "WaitForGo";

    [Fact]
    public async Task CreationMessageDeliveredAgainWithAnEvent_InstanceTakesTheEventAndCompletes()
    {
        var taskHub = "dupstart" + Guid.NewGuid().ToString("N")[..12];
        var instanceId = "dossier-" + Guid.NewGuid().ToString("N")[..12];

        // 1. Started; its first episode is committed (it waits for "go"); the process stops.
        await using (var first = await EngineHost.StartAsync(azurite.ConnectionString, taskHub))
        {
            await first.Client.ScheduleNewOrchestrationInstanceAsync(Orchestrator, "input", new StartOrchestrationOptions(instanceId));
            using var started = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await first.Client.WaitForInstanceStartAsync(instanceId, started.Token);
            await Task.Delay(TimeSpan.FromSeconds(1)); // the episode's commit (history, instance row, message deleted)
        }

        // 2. While no process serves the hub: the creation message is in the control queue again, and the event arrives.
        var provider = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = taskHub,
            StorageAccountClientProvider = new StorageAccountClientProvider(azurite.ConnectionString),
        });
        var state = (await provider.GetOrchestrationStateAsync(instanceId, allExecutions: false)).Single();
        Assert.Equal(OrchestrationStatus.Running, state.OrchestrationStatus);
        var again = new ExecutionStartedEvent(-1, state.Input) { Name = Orchestrator, OrchestrationInstance = state.OrchestrationInstance };
        await provider.SendTaskOrchestrationMessageAsync(new TaskMessage { Event = again, OrchestrationInstance = state.OrchestrationInstance });
        await provider.SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            Event = new EventRaisedEvent(-1, "\"go\"") { Name = "go" },
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
        });

        // 3. The next process: the duplicate is dropped, the event is taken, the instance completes.
        await using var second = await EngineHost.StartAsync(azurite.ConnectionString, taskHub);
        using var done = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var metadata = await second.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, done.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, metadata.RuntimeStatus);
        Assert.Equal("go", metadata.ReadOutputAs<string>());
    }

    /// <summary>The local host's engine and an SDK worker and client on it, with one orchestrator that waits for "go".</summary>
    private sealed class EngineHost : IAsyncDisposable
    {
        private readonly DurableTaskSidecar _sidecar;
        private readonly IHost _host;
        private readonly GrpcChannel _channel;

        private EngineHost(DurableTaskSidecar sidecar, IHost host, GrpcChannel channel)
        {
            _sidecar = sidecar;
            _host = host;
            _channel = channel;
        }

        public DurableTaskClient Client => _host.Services.GetRequiredService<DurableTaskClient>();

        public static async Task<EngineHost> StartAsync(string connectionString, string taskHub)
        {
            var sidecar = await DurableTaskSidecar.StartAsync(connectionString, taskHub, logging => logging.SetMinimumLevel(LogLevel.Warning));
            var channel = GrpcChannel.ForAddress(sidecar.Address);
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.Services.AddDurableTaskWorker(worker =>
            {
                worker.UseGrpc(channel);
                worker.AddTasks(registry => registry.AddOrchestratorFunc<string, string>(Orchestrator, async (context, _) => await context.WaitForExternalEvent<string>("go")));
            });
            builder.Services.AddDurableTaskClient(client => client.UseGrpc(channel));
            var host = builder.Build();
            await host.StartAsync();
            return new EngineHost(sidecar, host, channel);
        }

        public async ValueTask DisposeAsync()
        {
            await _host.StopAsync();
            _host.Dispose();
            await _sidecar.DisposeAsync();
            _channel.Dispose();
        }
    }
}
