using System.Globalization;
using Ami.Domain.Campaigns;
using Ami.Workflow.Ports;
using Microsoft.Extensions.Logging;

namespace Ami.Workflow.Mail;

/// <summary>
/// Sends a mail at most once per <see cref="SentMailKey"/>: a key already marked sent is skipped; otherwise
/// it is recorded as pending, sent, then marked sent. If the process stops between sending and marking,
/// the next attempt sends again (at least once: a rare duplicate is preferred to a lost mail).
/// </summary>
public sealed class MailDispatcher(ISentMailLog log, SendGridMailTransport transport, ILogger<MailDispatcher> logger)
{
    /// <param name="leaveToAttemptInFlight">
    /// True for a mail several requests may trigger at the same moment (the late-attempt notice): a pending record younger
    /// than <see cref="TableSentMailLog.InFlight"/> means another request is sending it, so this one does not. False (a
    /// retried activity: the attempt before it stopped) sends again.
    /// </param>
    /// <returns>True when the mail was sent now, false when it had been sent before (or is being sent).</returns>
    public async Task<bool> SendOnceAsync(SentMailKey key, OutgoingMail mail, CancellationToken cancellationToken, bool leaveToAttemptInFlight = false)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(mail);
        var state = await log.BeginAsync(key, cancellationToken);
        if (state == SentMailState.AlreadySent)
        {
            logger.LogInformation("Mail {Kind} for {Scope} at step {Step} already sent: skipped", mail.Kind, mail.Scope, mail.Step);
            return false;
        }

        if (state == SentMailState.InProgress && leaveToAttemptInFlight)
        {
            logger.LogInformation("Mail {Kind} for {Scope} at step {Step} is being sent by another request: skipped", mail.Kind, mail.Scope, mail.Step);
            return false;
        }

        await transport.SendAsync(mail, cancellationToken);
        await log.MarkSentAsync(key, cancellationToken);
        return true;
    }
}

/// <summary>
/// The <see cref="INotifier"/> of the app: resolves the dossier, its campaign and the recipients from the
/// notification's recipient, renders the French templates and sends once through SendGrid. A staff member or
/// a juror is one person (their own mail: it may carry their own action link); only a notice for
/// <see cref="Recipient.Everyone"/> goes to all the campaign's staff on one mail. Reply-to is the campaign's
/// contact address.
/// </summary>
public sealed class MailNotifier(
    IDossierStore dossiers,
    ICampaignStore campaigns,
    MailComposer composer,
    MailDispatcher dispatcher) : INotifier, ILateSubmissionNotifier
{
    /// <exception cref="InvalidOperationException">Unknown dossier or campaign, or no address for the role.</exception>
    /// <exception cref="MailTemplateException">A value the mail needs is missing.</exception>
    /// <exception cref="MailRejectedException">SendGrid refused the mail (not retryable).</exception>
    /// <exception cref="MailUnavailableException">SendGrid stayed unavailable (retryable later).</exception>
    public async Task SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var dossier = await dossiers.GetAsync(notification.DossierId, cancellationToken)
            ?? throw new InvalidOperationException($"Dossier {notification.DossierId} not found.");
        // The campaign gives the addresses, the contact and the title: a read younger than 2 s is reused (a change made
        // through this instance is seen at once, one made through another within 2 s), as the intake does. Where a
        // change must be seen at once (the deadline, the waits), the journey reads the table (LoadJourneyPlan).
        var campaign = await campaigns.GetRecentAsync(dossier.CampaignId, cancellationToken)
            ?? throw new InvalidOperationException($"Campaign {dossier.CampaignId} of dossier {dossier.DossierId} not found.");
        var submission = MailComposer.NeedsSubmission(notification.Kind)
            ? await dossiers.GetSubmissionAsync(dossier.DossierId, cancellationToken)
            : null;
        var to = Recipients(notification.To, dossier.ContactEmail, campaign);
        var content = composer.Compose(notification, dossier, campaign, submission);
        var key = new SentMailKey(dossier.DossierId, notification.Kind, notification.StepKey, SentMailKey.HashRecipients(to));
        await dispatcher.SendOnceAsync(
            key,
            new OutgoingMail(to, campaign.ContactEmail, content, notification.Kind, notification.StepKey, dossier.DossierId, campaign.Id),
            cancellationToken);
    }

    /// <summary>
    /// Tells the campaign's staff about a late attempt: one notice per campaign and hour at most (the key is the hour,
    /// never anything the anonymous sender chose); the hour's other attempts are in the morning digest.
    /// </summary>
    public async Task NotifyAsync(LateSubmission attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var campaign = await campaigns.GetAsync(attempt.CampaignId, cancellationToken)
            ?? throw new InvalidOperationException($"Campaign {attempt.CampaignId} not found.");
        var to = Recipients(new Recipient(RecipientRole.Staff, Recipient.Everyone), null, campaign);
        var content = composer.ComposeLateSubmission(attempt, campaign);
        var step = "late:" + attempt.Hour.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);
        var key = new SentMailKey("campaign:" + campaign.Id, MailKind.LateSubmission, step, SentMailKey.HashRecipients(to));
        // Each refused request notifies in the background: a burst of them must still mean one notice.
        await dispatcher.SendOnceAsync(key, new OutgoingMail(to, campaign.ContactEmail, content, MailKind.LateSubmission, "late-submission", null, campaign.Id), cancellationToken, leaveToAttemptInFlight: true);
    }

    /// <summary>The addresses of <paramref name="recipient"/> for a dossier of <paramref name="campaign"/>.</summary>
    public static IReadOnlyList<string> Recipients(Recipient recipient, string? holderEmail, Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(campaign);
        IReadOnlyList<string> to = recipient.Role switch
        {
            RecipientRole.Holder => holderEmail is null ? [] : [holderEmail],
            RecipientRole.Staff when recipient.Index == Recipient.Everyone => campaign.Staff,
            RecipientRole.Staff => [StaffAddress(campaign, recipient.Index) ?? throw new InvalidOperationException($"Campaign {campaign.Id} has no staff member #{recipient.Index}.")],
            RecipientRole.Juror => recipient.Index >= 0 && recipient.Index < campaign.Jurors.Count
                ? [campaign.Jurors[recipient.Index]]
                : throw new InvalidOperationException($"Campaign {campaign.Id} has no juror #{recipient.Index}."),
            RecipientRole.JuryPresident => [campaign.JuryPresident],
            RecipientRole.CpSecretariat => [campaign.CpSecretariat],
            RecipientRole.Finance => [campaign.Finance],
            _ => throw new ArgumentOutOfRangeException(nameof(recipient), recipient.Role, null),
        };
        var cleaned = to.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return cleaned.Count > 0
            ? cleaned
            : throw new InvalidOperationException($"Campaign {campaign.Id} has no address for {recipient.Role}.");
    }

    /// <summary>The address of the campaign's staff member at <paramref name="index"/> (actor <c>staff-{index}</c>), or null.</summary>
    public static string? StaffAddress(Campaign campaign, int index)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        return index >= 0 && index < campaign.Staff.Count ? campaign.Staff[index] : null;
    }
}
