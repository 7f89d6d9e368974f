using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Ami.Workflow.Orchestrations;

/// <summary>What became of an event offered to a dossier's journey.</summary>
public enum RaiseOutcome
{
    Raised,

    /// <summary>The journey is not waiting for that event now (stale or duplicate): refused, logged, answered 409.</summary>
    NotWaiting,

    /// <summary>No running journey for that dossier.</summary>
    NoJourney,
}

/// <summary>
/// How the HTTP handlers talk to a dossier's journey:
/// start it, read what it waits for, raise an event only when it waits for it.
/// </summary>
public static class JourneyClient
{
    /// <summary>Starts the journey of a dossier (instance id = dossier id) unless it exists; true when started.</summary>
    public static async Task<bool> StartJourneyAsync(this DurableTaskClient client, string dossierId, string campaignId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (await client.GetInstanceAsync(dossierId, getInputsAndOutputs: false, cancellationToken) is not null)
        {
            return false;
        }

        await client.ScheduleNewOrchestrationInstanceAsync(
            JourneyNames.Orchestrator,
            new JourneyInput(dossierId, campaignId),
            new StartOrchestrationOptions(dossierId) { Version = JourneyVersions.Current },
            cancellationToken);
        return true;
    }

    /// <summary>What the journey waits for now; null when it is not running (not started, ended, failed).</summary>
    public static async Task<JourneyStatus?> GetJourneyStatusAsync(this DurableTaskClient client, string dossierId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var instance = await client.GetInstanceAsync(dossierId, getInputsAndOutputs: true, cancellationToken);
        return instance is { RuntimeStatus: OrchestrationRuntimeStatus.Running } ? instance.ReadCustomStatusAs<JourneyStatus>() : null;
    }

    /// <summary>
    /// Raises <paramref name="eventName"/> only when the journey waits for it (and <paramref name="when"/> holds,
    /// e.g. the right step and attempt); otherwise logs the refused event with the dossier id and step.
    /// </summary>
    public static async Task<RaiseOutcome> TryRaiseAsync(
        this DurableTaskClient client,
        string dossierId,
        string eventName,
        object payload,
        ILogger logger,
        Func<JourneyStatus, bool>? when,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(logger);
        var status = await client.GetJourneyStatusAsync(dossierId, cancellationToken);
        if (status is null)
        {
            logger.LogWarning("Dossier {DossierId}: {Event} refused, no running journey", dossierId, eventName);
            return RaiseOutcome.NoJourney;
        }

        if (!status.Allows(eventName) || (when is not null && !when(status)))
        {
            logger.LogWarning("Dossier {DossierId}: {Event} refused, the journey waits for {Step}#{Attempt}", dossierId, eventName, status.Step, status.Attempt);
            return RaiseOutcome.NotWaiting;
        }

        await client.RaiseEventAsync(dossierId, eventName, payload, cancellationToken);
        logger.LogInformation("Dossier {DossierId}: {Event} raised at {Step}#{Attempt}", dossierId, eventName, status.Step, status.Attempt);
        return RaiseOutcome.Raised;
    }
}
