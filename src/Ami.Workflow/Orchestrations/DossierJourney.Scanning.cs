using Ami.Workflow.Scanning;
using Microsoft.DurableTask;

namespace Ami.Workflow.Orchestrations;

/// <summary>Journey 1.1: the antivirus gate before the jury (docs/versioning.md; the 1.0 path does not come here).</summary>
public static partial class DossierJourney
{
    /// <summary>The custom-status step while the journey waits for files to be safe (only a withdrawal is accepted).</summary>
    public const string AttachmentScanStep = "attachment-scan";

    /// <summary>
    /// Runs a scan of the dossier's pending files (a sub-orchestration that retries with backoff until every file has
    /// an answer) and returns true when every file is safe. A file infected or not scannable keeps the jury closed:
    /// the holder and staff were told by the scan; the journey looks again every staff reminder period (a replaced
    /// file is scanned then). False when the holder withdrew meanwhile.
    /// </summary>
    private static async Task<bool> WaitForSafeAttachmentsAsync(JourneyRun j)
    {
        for (var round = 1; ; round++)
        {
            var outcome = await j.Context.CallSubOrchestratorAsync<ScanOutcome>(
                AttachmentScan.Orchestrator,
                new ScanRun(j.DossierId),
                new SubOrchestrationOptions { InstanceId = $"{j.DossierId}:scan:jury-{round}" });
            if (outcome.AllSafe)
            {
                return true;
            }

            if (round == 1)
            {
                await j.RecordAsync("jury:held", "system", detail: $"{outcome.NotSafe} pièce(s) non saine(s) : le jury n'est pas invité");
            }

            var arrival = await j.WaitAsync(AttachmentScanStep, round, until: null, fireAt: j.Plan.Schedule.StaffReminderEvery.AddTo(j.Now));
            if (arrival == JourneyEvents.Withdrawn)
            {
                return false;
            }
        }
    }
}
