using Ami.Workflow.Intake;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Ami.Functions;

/// <summary>
/// Every 15 minutes, repairs what a crashed upload left (<see cref="StagingSweeper"/>). The local host runs
/// the same sweep from its timer table (<c>AmiTimers.MapAmiTimers</c>).
/// </summary>
public sealed class StagingSweepFunction(StagingSweeper sweeper)
{
    [Function("StagingSweep")]
    public Task Run(
        [TimerTrigger(StagingSweeper.Schedule)] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        sweeper.SweepAsync(client, cancellationToken: cancellationToken);
}
