using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Ami.Bench.WholeCall;

/// <summary>How many activities, external events and timers one journey's history holds (means, rounded).</summary>
internal sealed record FloorShape(int Activities, int Events, int Timers);

/// <summary>
/// The engine floor: a bare orchestration with as many activities (which do nothing), external events and timers
/// (due at once) as one journey, on the same engine, Azurite and task hub, in the same run. Its last activity
/// tells this process it is done, so that no status poll is counted.
/// </summary>
internal static class EngineFloor
{
    public const string Orchestration = "BenchEngineFloor";
    private const string Noop = "BenchEngineFloorNoop";
    private const string Done = "BenchEngineFloorDone";
    private static int _done;

    public static int Completed => Volatile.Read(ref _done);

    public static void Register(DurableTaskRegistry registry)
    {
        registry.AddActivityFunc<string, string>(Noop, (_, input) => input);
        registry.AddActivityFunc<string, string>(Done, (_, input) =>
        {
            Interlocked.Increment(ref _done);
            return input;
        });
        registry.AddOrchestratorFunc<FloorShape, int>(Orchestration, async (context, shape) =>
        {
            var steps = Math.Max(shape.Activities, Math.Max(shape.Events, shape.Timers));
            for (var i = 0; i < steps; i++)
            {
                if (i < shape.Timers)
                {
                    await context.CreateTimer(context.CurrentUtcDateTime, CancellationToken.None);
                }

                if (i < shape.Events)
                {
                    await context.WaitForExternalEvent<string>("e" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                if (i < shape.Activities - 1)
                {
                    await context.CallActivityAsync<string>(Noop, "step");
                }
            }

            await context.CallActivityAsync<string>(Done, context.InstanceId);
            return steps;
        });
    }

    /// <summary>Starts <paramref name="count"/> instances, raises their events (as people would, one message each) and waits until all are done.</summary>
    public static async Task RunAsync(DurableTaskClient client, FloorShape shape, int count, int parallelism)
    {
        var start = Completed;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (_, cancellation) =>
        {
            var id = await client.ScheduleNewOrchestrationInstanceAsync(Orchestration, shape, cancellation);
            for (var e = 0; e < shape.Events; e++)
            {
                await client.RaiseEventAsync(id, "e" + e.ToString(System.Globalization.CultureInfo.InvariantCulture), "go", cancellation);
            }
        });

        var deadline = DateTimeOffset.UtcNow.AddMinutes(15);
        while (Completed - start < count)
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"engine floor: {Completed - start} of {count} instances done after 15 minutes");
            }

            await Task.Delay(100);
        }
    }
}
