using Ami.Workflow.Intake;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Ami.Functions.Http;

/// <summary>
/// Every 15 minutes, repairs what a crashed upload left (<see cref="StagingSweeper"/>). The local host runs
/// the same sweep from <see cref="StagingSweepService"/>.
/// </summary>
public sealed class StagingSweepFunction(StagingSweeper sweeper)
{
    [Function("StagingSweep")]
    public Task Run(
        [TimerTrigger("0 */15 * * * *")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        sweeper.SweepAsync(client, cancellationToken: cancellationToken);
}
