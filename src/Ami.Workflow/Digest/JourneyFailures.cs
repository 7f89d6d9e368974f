using Ami.Workflow.Orchestrations;
using Microsoft.DurableTask.Client;

namespace Ami.Workflow.Digest;

/// <summary>A dossier whose journey ended Failed: it no longer waits for anyone until someone looks at it.</summary>
public sealed record FailedJourney(string DossierId, DateTimeOffset FailedAt);

/// <summary>The journeys that ended Failed (the staff digest lists them every day until they are dealt with).</summary>
public interface IJourneyFailures
{
    Task<IReadOnlyList<FailedJourney>> ListAsync(CancellationToken cancellationToken);
}

/// <summary>Failed <see cref="JourneyNames.Orchestrator"/> instances, as the Durable Task client reports them (instance id = dossier id).</summary>
public sealed class DurableJourneyFailures(DurableTaskClient client) : IJourneyFailures
{
    public async Task<IReadOnlyList<FailedJourney>> ListAsync(CancellationToken cancellationToken)
    {
        var failed = new List<FailedJourney>();
        var query = new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Failed], FetchInputsAndOutputs = false };
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            if (string.Equals(instance.Name, JourneyNames.Orchestrator, StringComparison.Ordinal))
            {
                failed.Add(new FailedJourney(instance.InstanceId, instance.LastUpdatedAt));
            }
        }

        return failed;
    }
}
