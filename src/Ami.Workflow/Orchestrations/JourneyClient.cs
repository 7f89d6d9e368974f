using Ami.Workflow.Scanning;
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
    /// <summary>
    /// Starts the journey of a dossier (instance id = dossier id) as <paramref name="version"/> unless it exists, then the
    /// antivirus scan of the files it was filed with (<see cref="Scanning.AttachmentScan"/>, unless it exists); true when
    /// the journey was started.
    /// </summary>
    public static async Task<bool> StartJourneyAsync(this DurableTaskClient client, string dossierId, string campaignId, string version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (await client.GetInstanceAsync(dossierId, getInputsAndOutputs: false, cancellationToken) is not null)
        {
            await client.StartAttachmentScanAsync(dossierId, "filed", cancellationToken);
            return false;
        }

        await client.ScheduleNewOrchestrationInstanceAsync(
            JourneyNames.Orchestrator,
            new JourneyInput(dossierId, campaignId),
            new StartOrchestrationOptions(dossierId) { Version = version },
            cancellationToken);
        await client.StartAttachmentScanAsync(dossierId, "filed", cancellationToken);
        return true;
    }

    /// <summary>
    /// Starts the journey and the antivirus scan of a dossier whose id the caller has just drawn
    /// (<see cref="Storage.DossierIds.New"/>), so that neither instance can exist yet: no look-up first (two storage
    /// requests fewer per submission than <see cref="StartJourneyAsync"/>). Anything else uses <see cref="StartJourneyAsync"/>.
    /// </summary>
    public static async Task StartNewJourneyAsync(this DurableTaskClient client, string dossierId, string campaignId, string version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        await client.ScheduleNewOrchestrationInstanceAsync(
            JourneyNames.Orchestrator,
            new JourneyInput(dossierId, campaignId),
            new StartOrchestrationOptions(dossierId) { Version = version },
            cancellationToken);
        await client.ScheduleNewOrchestrationInstanceAsync(
            AttachmentScan.Orchestrator, new ScanRun(dossierId), new StartOrchestrationOptions(AttachmentScan.InstanceId(dossierId, "filed")), cancellationToken);
    }

    /// <summary>What the journey waits for now; null when it is not running (not started, ended, failed).</summary>
    public static async Task<JourneyStatus?> GetJourneyStatusAsync(this DurableTaskClient client, string dossierId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var instance = await client.GetInstanceAsync(dossierId, getInputsAndOutputs: true, cancellationToken);

        // Running; or Pending with a status the journey itself wrote: after a host was killed, the Azure Storage
        // provider was seen to leave the instance row at Pending while the journey ran on and waited (chaos test).
        return instance is { RuntimeStatus: OrchestrationRuntimeStatus.Running }
            or { RuntimeStatus: OrchestrationRuntimeStatus.Pending, SerializedCustomStatus: not null }
            ? instance.ReadCustomStatusAs<JourneyStatus>()
            : null;
    }

    /// <summary>
    /// How long a request waits for a journey that is between two waits (<see cref="JourneySteps.Busy"/>: an activity
    /// runs, e.g. a reminder of that very step is being mailed) before concluding that it does not wait for what it is offered.
    /// </summary>
    public static readonly TimeSpan BusyGrace = TimeSpan.FromSeconds(5);

    /// <summary>
    /// What the journey waits for, as <see cref="GetJourneyStatusAsync"/>; but while the journey is busy and
    /// <paramref name="accepts"/> does not hold, asks again for up to <see cref="BusyGrace"/>, so that a person acting in
    /// that moment is not told that the step is closed.
    /// </summary>
    public static async Task<JourneyStatus?> GetSettledJourneyStatusAsync(this DurableTaskClient client, string dossierId, Func<JourneyStatus, bool> accepts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accepts);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var status = await client.GetJourneyStatusAsync(dossierId, cancellationToken);
            if (status is null || status.Step != JourneySteps.Busy || accepts(status) || waited.Elapsed >= BusyGrace)
            {
                return status;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    /// <summary>
    /// Raises <paramref name="eventName"/> only when the journey waits for it (and <paramref name="when"/> holds,
    /// e.g. the right step and attempt); otherwise logs the refused event with the dossier id and step.
    /// <para>
    /// <paramref name="knownStatus"/>: the status the caller has just read with <see cref="GetSettledJourneyStatusAsync"/> in the
    /// same request, or null. When it allows the event, the event is raised without reading the status again (a click reads
    /// the journey's status once). The journey itself checks every event against the step and attempt it waits for and logs a
    /// stale one (JourneyRun), so an event raised just as the step closed is not taken; only the person's answer may then say
    /// « recorded » rather than « step closed » (their decision stays recorded, and the journey picks recorded decisions up
    /// at its next reminder).
    /// </para>
    /// </summary>
    public static async Task<RaiseOutcome> TryRaiseAsync(
        this DurableTaskClient client,
        string dossierId,
        string eventName,
        object payload,
        ILogger logger,
        Func<JourneyStatus, bool>? when,
        JourneyStatus? knownStatus,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(logger);
        var status = knownStatus is not null && knownStatus.Allows(eventName) && (when is null || when(knownStatus))
            ? knownStatus
            : await client.GetSettledJourneyStatusAsync(dossierId, s => s.Allows(eventName) && (when is null || when(s)), cancellationToken);
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
