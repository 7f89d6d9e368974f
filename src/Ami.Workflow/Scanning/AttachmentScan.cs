using Ami.Workflow.Activities;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Ami.Workflow.Scanning;

/// <summary>Input of the <see cref="AttachmentScan"/> orchestration (what carries over a continue-as-new).</summary>
public sealed record ScanRun(string DossierId, DateTimeOffset? Since = null, int Round = 0, bool Alerted = false);

/// <summary>How a scan run ended: no file pending any more; <see cref="NotSafe"/> files are infected or could not be scanned.</summary>
public sealed record ScanOutcome(bool AllSafe, int NotSafe);

/// <summary>
/// Scans a dossier's pending files until none is left pending: each round without an answer is followed by a
/// durable timer (the wait doubles, up to <see cref="Configuration.ScanningOptions.RetryMax"/>), so a scan is never left
/// stuck, and staff are alerted once when it lasts. One run per upload (instance id <c>{dossierId}:scan:{trigger}</c>),
/// and the journey scans again itself before it invites the jury (started by the client, never as a sub-orchestration:
/// the local host's engine cannot carry a sub-orchestration's start). Orchestrator code: deterministic, I/O in the activity.
/// </summary>
public static class AttachmentScan
{
    public const string Orchestrator = "AttachmentScan";

    /// <summary>Rounds kept in one history before continuing as new (a scanner down for days stays a small history).</summary>
    private const int RoundsPerHistory = 50;

    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromSeconds(2), 2.0, TimeSpan.FromMinutes(1)));

    public static async Task<ScanOutcome> RunAsync(TaskOrchestrationContext context, ScanRun input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var since = input.Since ?? Now(context);
        var round = input.Round;
        var alerted = input.Alerted;
        for (var i = 0; i < RoundsPerHistory; i++)
        {
            round++;
            var report = await JourneyActivities.ScanAttachments.CallAsync(
                context, new ScanRequest(input.DossierId, context.InstanceId, round, Now(context), since, alerted), Retry);
            alerted |= report.AlertSent;
            if (report.Pending == 0)
            {
                return new ScanOutcome(report.NotSafe == 0, report.NotSafe);
            }

            await context.CreateTimer(Now(context).Add(report.RetryAfter).UtcDateTime, CancellationToken.None);
        }

        context.ContinueAsNew(new ScanRun(input.DossierId, since, round, alerted));
        return new ScanOutcome(false, 0);
    }

    /// <summary>Starts a scan run of the dossier's pending files for <paramref name="trigger"/> (an upload) unless it exists.</summary>
    public static async Task StartAttachmentScanAsync(this DurableTaskClient client, string dossierId, string trigger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var instanceId = InstanceId(dossierId, trigger);
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is not null)
        {
            return;
        }

        await client.ScheduleNewOrchestrationInstanceAsync(Orchestrator, new ScanRun(dossierId), new StartOrchestrationOptions(instanceId), cancellationToken);
    }

    /// <summary>The instance id of the scan run of <paramref name="dossierId"/> for <paramref name="trigger"/>.</summary>
    public static string InstanceId(string dossierId, string trigger) => $"{dossierId}:scan:{trigger}";

    private static DateTimeOffset Now(TaskOrchestrationContext context) => new(DateTime.SpecifyKind(context.CurrentUtcDateTime, DateTimeKind.Utc));
}
