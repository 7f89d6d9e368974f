using System.Collections.Concurrent;
using Ami.Workflow.Orchestrations;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Ami.Workflow.Tests.Fakes;

/// <summary>
/// The engine's client, counting the reads of each orchestration instance (<see cref="DurableTaskClient.GetInstanceAsync(string, bool, CancellationToken)"/>):
/// what a person's click costs in storage requests against the journey. A read that finds the journey busy between two
/// waits (<see cref="JourneySteps.Busy"/>) is counted apart: the request then asks again a moment later
/// (<see cref="JourneyClient.BusyGrace"/>), which is waiting, not reading twice. Everything else goes to the real client.
/// </summary>
public sealed class CountingDurableTaskClient(DurableTaskClient inner) : DurableTaskClient("counting")
{
    private readonly ConcurrentDictionary<string, int> _reads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _busyReads = new(StringComparer.Ordinal);

    /// <summary>How many times <paramref name="instanceId"/> was read since the last <see cref="Reset"/>, the journey not busy.</summary>
    public int Reads(string instanceId) => _reads.TryGetValue(instanceId, out var n) ? n : 0;

    /// <summary>How many reads of <paramref name="instanceId"/> found the journey busy (each followed by another a moment later).</summary>
    public int BusyReads(string instanceId) => _busyReads.TryGetValue(instanceId, out var n) ? n : 0;

    public void Reset()
    {
        _reads.Clear();
        _busyReads.Clear();
    }

    public override Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs, CancellationToken cancellation) =>
        CountAsync(instanceId, inner.GetInstanceAsync(instanceId, getInputsAndOutputs, cancellation));

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs, CancellationToken cancellation) =>
        CountAsync(instanceId, inner.GetInstanceAsync(instanceId, getInputsAndOutputs, cancellation));

    private async Task<OrchestrationMetadata?> CountAsync(string instanceId, Task<OrchestrationMetadata?> read)
    {
        var instance = await read;
        (IsBusy(instance) ? _busyReads : _reads).AddOrUpdate(instanceId, 1, (_, n) => n + 1);
        return instance;
    }

    private static bool IsBusy(OrchestrationMetadata? instance)
    {
        try
        {
            return instance?.SerializedCustomStatus is not null && instance.ReadCustomStatusAs<JourneyStatus>()?.Step == JourneySteps.Busy;
        }
        catch (System.Text.Json.JsonException)
        {
            return false; // another orchestration's status (a scan, the calendar)
        }
    }

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input, StartOrchestrationOptions? options, CancellationToken cancellation) =>
        inner.ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, options, cancellation);

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload, CancellationToken cancellation) =>
        inner.RaiseEventAsync(instanceId, eventName, eventPayload, cancellation);

    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options, CancellationToken cancellation) =>
        inner.TerminateInstanceAsync(instanceId, options, cancellation);

    public override Task SuspendInstanceAsync(string instanceId, string? reason, CancellationToken cancellation) =>
        inner.SuspendInstanceAsync(instanceId, reason, cancellation);

    public override Task ResumeInstanceAsync(string instanceId, string? reason, CancellationToken cancellation) =>
        inner.ResumeInstanceAsync(instanceId, reason, cancellation);

    public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options, CancellationToken cancellation) =>
        inner.PurgeInstanceAsync(instanceId, options, cancellation);

    public override Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options, CancellationToken cancellation) =>
        inner.PurgeAllInstancesAsync(filter, options, cancellation);

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) => inner.GetAllInstancesAsync(filter);

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs, CancellationToken cancellation) =>
        inner.WaitForInstanceStartAsync(instanceId, getInputsAndOutputs, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs, CancellationToken cancellation) =>
        inner.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs, cancellation);

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
