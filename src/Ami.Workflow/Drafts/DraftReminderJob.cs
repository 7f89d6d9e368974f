using Ami.Domain.Campaigns;
using Ami.Workflow.Ports;
using Microsoft.Extensions.Logging;

namespace Ami.Workflow.Drafts;

/// <summary>What a run of the draft reminders did.</summary>
public sealed record DraftReminderRun(int Sent, int AlreadySent);

/// <summary>
/// Reminds unfinished drafts at J-7 and J-2 before their call's deadline (<see cref="DraftReminders"/>). Run every
/// hour (<see cref="Schedule"/>) by the <c>DraftReminders</c> timer function and its local host twin; idempotent: one
/// mail per draft per reminder, however often it runs (the sent-mail log is keyed by draft and reminder).
/// </summary>
public sealed class DraftReminderJob(
    ICampaignStore campaigns,
    IDraftStore drafts,
    DraftMailer mailer,
    TimeProvider time,
    ILogger<DraftReminderJob> logger)
{
    /// <summary>Every hour, at minute 20 (NCRONTAB with seconds, UTC).</summary>
    public const string Schedule = "0 20 * * * *";

    public async Task<DraftReminderRun> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        int sent = 0, before = 0, failed = 0;
        foreach (var campaign in await campaigns.ListAsync(cancellationToken))
        {
            if (campaign.WindowAt(now) != SubmissionWindow.Open)
            {
                continue;
            }

            foreach (var draft in await drafts.ListUnfinishedAsync(campaign.Id, cancellationToken))
            {
                if (DraftReminders.Due(campaign.Deadline, draft.SavedAt, now) is not { } days || draft.ContactEmail.Length == 0)
                {
                    continue;
                }

                try
                {
                    if (await mailer.SendAsync(MailKind.DraftReminder, campaign, draft, DraftReminders.Name(days), cancellationToken))
                    {
                        sent++;
                    }
                    else
                    {
                        before++;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One draft's failure must not deprive the others of their reminder; the next run tries again.
                    failed++;
                    logger.LogError(e, "Draft reminder of a draft of campaign {CampaignId} failed", campaign.Id);
                }
            }
        }

        logger.LogInformation("Draft reminders: {Sent} sent, {Before} already sent, {Failed} failed", sent, before, failed);
        return new DraftReminderRun(sent, before);
    }
}
