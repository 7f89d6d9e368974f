using System.Globalization;
using Ami.Domain.Scanning;
using Ami.Workflow.Activities;
using Ami.Workflow.Configuration;
using Ami.Workflow.Mail;
using Ami.Workflow.Ports;
using Ami.Workflow.Steps;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ami.Workflow.Scanning;

/// <summary>Input of <see cref="ActivityNames.ScanAttachments"/>.</summary>
/// <param name="RunId">The scan orchestration's instance id: keys its timeline lines and its stuck alert.</param>
/// <param name="Round">1 for the first attempt of the run; the wait after a round without answer grows with it.</param>
/// <param name="Since">When the run began: after <see cref="ScanningOptions.StuckAfter"/>, staff are alerted once.</param>
/// <param name="Alerted">Whether the run already alerted staff.</param>
public sealed record ScanRequest(string DossierId, string RunId, int Round, DateTimeOffset At, DateTimeOffset Since, bool Alerted);

/// <summary>Output of <see cref="ActivityNames.ScanAttachments"/>: counts only, never file names (they stay out of the history).</summary>
public sealed record ScanReport(int Pending, int Safe, int NotSafe, TimeSpan RetryAfter, bool AlertSent);

/// <summary>
/// Scans every file of the dossier still pending and stores each answer on the dossier's attachments. A file
/// found infected (or that could not be scanned) is put on the timeline, and the holder is told in French which
/// file to replace, staff too (once per file). Files without an answer stay pending: a timeline line says so, the
/// report says when to try again, and once the run has lasted <see cref="ScanningOptions.StuckAfter"/> staff get
/// one alert listing them. Idempotent: every line and mail has a key.
/// </summary>
public sealed class ScanAttachmentsActivity(
    IDossierStore dossiers,
    IAttachmentScanner scanner,
    ITimeline timeline,
    INotifier notifier,
    IOptions<ScanningOptions> options,
    ILogger<ScanAttachmentsActivity> logger) : JourneyActivity<ScanRequest, ScanReport>
{
    public override async Task<ScanReport> ExecuteAsync(ScanRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var settings = options.Value;
        var record = await dossiers.GetAsync(input.DossierId, cancellationToken);
        if (record is null)
        {
            return new ScanReport(0, 0, 0, TimeSpan.Zero, false);
        }

        var answers = new Dictionary<(string Id, string Sha), ScanVerdict>();
        foreach (var attachment in record.Attachments.Where(a => a.Scan == ScanState.Pending))
        {
            var verdict = await ScanOneAsync(input.DossierId, attachment, settings.ScanTimeout, cancellationToken);
            if (verdict.State != ScanState.Pending)
            {
                answers[(attachment.Id, attachment.Sha256)] = verdict;
            }
        }

        if (answers.Count > 0)
        {
            record = await dossiers.UpdateAsync(
                input.DossierId,
                r => r with
                {
                    Attachments = [.. r.Attachments.Select(a => a.Scan == ScanState.Pending && answers.TryGetValue((a.Id, a.Sha256), out var v) ? a with { Scan = v.State, Threat = v.Threat } : a)],
                },
                cancellationToken);
        }

        foreach (var rejected in record.Attachments.Where(a => a.Scan is ScanState.Infected or ScanState.Failed))
        {
            await RejectAsync(record.DossierId, rejected, input.At, cancellationToken);
        }

        var pending = record.Attachments.Where(a => a.Scan == ScanState.Pending).ToList();
        var notSafe = record.Attachments.Count(a => a.Scan is ScanState.Infected or ScanState.Failed);
        var safe = record.Attachments.Count(a => a.Scan == ScanState.Safe);
        if (pending.Count == 0)
        {
            return new ScanReport(0, safe, notSafe, TimeSpan.Zero, false);
        }

        var retryAfter = AttachmentScanRules.RetryDelay(input.Round, settings.RetryFirst, settings.RetryMax);
        await timeline.AppendAsync(
            record.DossierId,
            string.Create(CultureInfo.InvariantCulture, $"{input.RunId}:no-answer:{input.Round:D4}"),
            new TimelineEntry(input.At, TimelineEvents.ScanNoAnswer.Name, "antivirus", string.Create(CultureInfo.InvariantCulture, $"tentative {input.Round} : {French.Count(pending.Count, "pièce", "pièces")} sans réponse de l'antivirus, nouvelle tentative dans {French.Count((int)retryAfter.TotalSeconds, "seconde", "secondes")}")),
            cancellationToken);

        var alert = !input.Alerted && input.At - input.Since >= settings.StuckAfter;
        if (alert)
        {
            var files = new Dictionary<string, string> { [MailValues.Files] = string.Join(", ", pending.Select(a => a.Name)) };
            await notifier.SendAsync(new Notification(record.DossierId, MailKind.AttachmentScanStuck, "scan-stuck:" + input.RunId, new Recipient(RecipientRole.Staff), files), cancellationToken);
            await timeline.AppendAsync(record.DossierId, input.RunId + ":stuck-alert", new TimelineEntry(input.At, TimelineEvents.ScanStuckAlert.Name, "antivirus", French.Count(pending.Count, "pièce", "pièces") + " en attente : le service est alerté"), cancellationToken);
        }

        return new ScanReport(pending.Count, safe, notSafe, retryAfter, alert);
    }

    private async Task<ScanVerdict> ScanOneAsync(string dossierId, AttachmentInfo attachment, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            return await scanner.ScanAsync(attachment, limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Dossier {DossierId}: scan of attachment {AttachmentId} timed out after {Timeout}", dossierId, attachment.Id, timeout);
            return ScanVerdict.NoAnswer;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Storage unreadable for a moment, scanner glitch: the file stays pending and is tried again.
            logger.LogWarning("Dossier {DossierId}: scan of attachment {AttachmentId} had no answer ({Error})", dossierId, attachment.Id, e.GetType().Name);
            return ScanVerdict.NoAnswer;
        }
    }

    /// <summary>Timeline line and mails (holder, staff) for a file that is not safe: once per file version.</summary>
    private async Task RejectAsync(string dossierId, AttachmentInfo file, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var key = $"scan:{file.Id}:{file.Sha256[..Math.Min(16, file.Sha256.Length)]}";
        var evt = (file.Scan == ScanState.Infected ? TimelineEvents.ScanInfected : TimelineEvents.ScanFailed).Name;
        await timeline.AppendAsync(dossierId, key, new TimelineEntry(at, evt, "antivirus", file.Name), cancellationToken);
        var values = new Dictionary<string, string>
        {
            [MailValues.Files] = file.Name,
            [MailValues.ScanResult] = file.Scan.ToFrench(),
        };
        foreach (var to in new[] { new Recipient(RecipientRole.Holder), new Recipient(RecipientRole.Staff) })
        {
            await notifier.SendAsync(new Notification(dossierId, MailKind.AttachmentRejected, key, to, values), cancellationToken);
        }
    }
}
