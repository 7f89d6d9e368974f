using Ami.Domain.States;
using Ami.Workflow.Ports;
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
/// How the HTTP handlers (and the intake's PUT, the campaigns' replacement) talk to a dossier's journey:
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

    /// <summary>
    /// Tells the running journeys of a campaign that it changed (staff replaced it: deadline moved, jurors
    /// added): those waiting on a campaign date re-read it and re-arm their timers. Call it after the campaign
    /// is stored. Returns how many journeys were told.
    /// </summary>
    public static async Task<int> SignalCampaignChangedAsync(this DurableTaskClient client, IDossierStore dossiers, string campaignId, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(dossiers);
        ArgumentNullException.ThrowIfNull(logger);
        var told = 0;
        string? page = null;
        do
        {
            var batch = await dossiers.ListAsync(campaignId, null, 200, page, cancellationToken);
            foreach (var dossier in batch.Items.Where(d => !DossierTransitions.IsTerminal(d.Status)))
            {
                var status = await client.GetJourneyStatusAsync(dossier.DossierId, cancellationToken);
                if (status is not null && status.Allows(JourneyEvents.DeadlineChanged))
                {
                    await client.RaiseEventAsync(dossier.DossierId, JourneyEvents.DeadlineChanged, new JourneySignal("staff"), cancellationToken);
                    told++;
                }
            }

            page = batch.ContinuationToken;
        }
        while (page is not null);

        logger.LogInformation("Campaign {CampaignId} changed: {Count} journey(s) told", campaignId, told);
        return told;
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
