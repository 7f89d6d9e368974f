using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Ami.LocalHost.Dev;

/// <summary>
/// TEST-ONLY probes of the durable engine, enabled by <c>LocalHost:EnableTestProbes=true</c> (never by
/// default): an orchestration that waits a durable timer then calls an activity, and two routes under
/// <c>/dev/probes</c> to start and read it. The local host's own tests use them to kill the process in the
/// middle of the timer and see the instance finish in the next process.
/// </summary>
public static class TestProbes
{
    public const string TimerProbe = "LocalHostTimerProbe";

    public const string ProbeActivity = "LocalHostProbeActivity";

    public const string BusyProbe = "LocalHostBusyProbe";

    public const string SlowActivity = "LocalHostSlowActivity";

    /// <summary>Custom status while the probe waits on its timer.</summary>
    public const string WaitingStatus = "waiting-timer";

    private static int s_slowActivitiesRunning;

    public static DurableTaskRegistry AddTestProbes(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestratorFunc<int, string>(TimerProbe, async (context, seconds) =>
        {
            context.SetCustomStatus(WaitingStatus);
            await context.CreateTimer(TimeSpan.FromSeconds(seconds), CancellationToken.None);
            context.SetCustomStatus("calling-activity");
            return await context.CallActivityAsync<string>(ProbeActivity, context.InstanceId);
        });

        // An activity still running when the process is killed: its message stays invisible in the work-item
        // queue (the visibility timeout) until another process may take it. It hangs only in the process that
        // started the probe (the input), so the next process completes it at once.
        registry.AddOrchestratorFunc<int, string>(BusyProbe, (context, startedBy) =>
            context.CallActivityAsync<string>(SlowActivity, startedBy));
        registry.AddActivityFunc<int, string>(SlowActivity, async (context, startedBy) =>
        {
            Interlocked.Increment(ref s_slowActivitiesRunning);
            try
            {
                if (startedBy == Environment.ProcessId)
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan);
                }

                return string.Create(CultureInfo.InvariantCulture, $"{context.InstanceId} done by process {Environment.ProcessId}");
            }
            finally
            {
                Interlocked.Decrement(ref s_slowActivitiesRunning);
            }
        });

        // The output names the process that ran the activity, so a test can see which process finished it.
        registry.AddActivityFunc<string, string>(ProbeActivity, (_, instanceId) =>
            string.Create(CultureInfo.InvariantCulture, $"{instanceId} done by process {Environment.ProcessId}"));
        return registry;
    }

    public static IEndpointRouteBuilder MapTestProbes(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var probes = endpoints.MapGroup("/dev/probes");
        probes.MapPost("/timer", async (int seconds, DurableTaskClient client, CancellationToken ct) =>
        {
            var id = await client.ScheduleNewOrchestrationInstanceAsync(TimerProbe, seconds, ct);
            return Results.Json(new { instanceId = id });
        });
        probes.MapPost("/busy", async (DurableTaskClient client, CancellationToken ct) =>
            Results.Json(new { instanceId = await client.ScheduleNewOrchestrationInstanceAsync(BusyProbe, Environment.ProcessId, ct) }));
        probes.MapGet("/running", () => Results.Json(new { slowActivities = Volatile.Read(ref s_slowActivitiesRunning) }));
        probes.MapGet("/{instanceId}", async (string instanceId, DurableTaskClient client, CancellationToken ct) =>
        {
            var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, ct);
            return instance is null
                ? Results.NotFound()
                : Results.Json(new
                {
                    runtimeStatus = instance.RuntimeStatus.ToString(),
                    customStatus = instance.ReadCustomStatusAs<string>(),
                    output = instance.IsCompleted ? instance.ReadOutputAs<string>() : null,
                });
        });
        return endpoints;
    }
}
