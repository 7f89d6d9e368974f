using Ami.Workflow.Activities;
using Ami.Workflow.Scanning;
using Microsoft.DurableTask;

namespace Ami.Workflow.Orchestrations;

/// <summary>Journey 1.2: the antivirus gate before the jury (docs/versioning.md; the 1.0 and 1.1 paths do not come here).</summary>
public static partial class DossierJourney
{
    /// <summary>The custom-status step while the journey waits for files to be safe (only a withdrawal is accepted).</summary>
    public const string AttachmentScanStep = "attachment-scan";

    private static readonly TaskOptions ScanRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromSeconds(2), 2.0, TimeSpan.FromMinutes(1)));

    /// <summary>
    /// Scans the dossier's files still pending (the same activity as <see cref="AttachmentScan"/>, in the journey
    /// itself: no sub-orchestration) until every file has an answer, waiting on a durable timer with backoff between
    /// rounds (staff alerted once when it lasts). True when every file is safe. A file infected or not scannable keeps
    /// the jury closed (<c>jury:held</c>): the holder and staff were told by the scan, and the journey looks again every
    /// staff reminder period. False when the holder withdrew meanwhile.
    /// </summary>
    private static async Task<bool> WaitForSafeAttachmentsAsync(JourneyRun j)
    {
        var since = j.Now;
        var alerted = false;
        var held = false;
        for (var round = 1; ; round++)
        {
            var report = await JourneyActivities.ScanAttachments.CallAsync(
                j.Context, new ScanRequest(j.DossierId, j.Context.InstanceId + ":jury-gate", round, j.Now, since, alerted), ScanRetry);
            alerted |= report.AlertSent;
            if (report.Pending == 0 && report.NotSafe == 0)
            {
                return true;
            }

            if (report.Pending == 0 && !held)
            {
                held = true;
                await j.RecordAsync(Steps.TimelineEvents.JuryHeld, "system", detail: Mail.French.Count(report.NotSafe, "pièce non saine", "pièces non saines") + " : le jury n'est pas invité");
            }

            var fireAt = report.Pending > 0 ? j.Now.Add(report.RetryAfter) : j.Plan.Schedule.StaffReminderEvery.AddTo(j.Now);
            var arrival = await j.WaitAsync(AttachmentScanStep, round, until: null, fireAt: fireAt);
            if (arrival == JourneyEvents.Withdrawn)
            {
                return false;
            }
        }
    }
}
