using Ami.Domain.Campaigns;
using Ami.Workflow.Links;
using Ami.Workflow.Mail;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Drafts;

/// <summary>
/// The mails about a draft, to the address typed in it: each carries a fresh personal draft link, and each is sent
/// at most once per step (<see cref="MailDispatcher"/>): a save is its own step, a reminder is its day (<c>J-7</c>).
/// </summary>
public sealed class DraftMailer(MailComposer composer, MailDispatcher dispatcher, DraftLinks links)
{
    /// <returns>True when the mail was sent now, false when it had been sent before.</returns>
    public Task<bool> SendAsync(MailKind kind, Campaign campaign, Draft draft, string step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(draft);
        var url = links.Url(campaign.Id, draft.DraftId, campaign.Deadline.ClosesAt);
        var content = composer.ComposeDraft(kind, campaign, url, draft.Values.TryGetValue("holder.name", out var name) ? name : null);
        var to = new[] { draft.ContactEmail };
        var key = new SentMailKey("draft:" + campaign.Id + ":" + draft.DraftId, kind, step, SentMailKey.HashRecipients(to));
        return dispatcher.SendOnceAsync(key, new OutgoingMail(to, campaign.ContactEmail, content, kind, step, null, campaign.Id), cancellationToken);
    }
}
