using Ami.Domain.Campaigns;
using Ami.Domain.States;
using Ami.Workflow.Actions;
using Ami.Workflow.Activities;
using Ami.Workflow.Links;
using Ami.Workflow.Mail;
using Ami.Workflow.Ports;
using Microsoft.Extensions.Logging;

namespace Ami.Workflow.Workspaces;

/// <summary>The values of the calendar's mails, as their templates read them (the template tests build them here too).</summary>
public static class CalendarMails
{
    /// <summary>The mail kinds of the calendar: campaign-wide, about no dossier.</summary>
    public static readonly IReadOnlySet<MailKind> Kinds = new HashSet<MailKind>
    {
        MailKind.JuryWorkspaceInvitation, MailKind.JuryWorkspaceReminder, MailKind.JuryShortfall,
        MailKind.PresidentWorkspaceInvitation, MailKind.CpWorkspaceInvitation,
    };

    public static TemplateModel JurorInvitation(int dossiers, DateTimeOffset dueAt, string workspaceUrl) => new TemplateModel()
        .Set("dossiers", French.Count(dossiers, "dossier", "dossiers"))
        .Set("awaiting", French.Count(dossiers, "dossier attend", "dossiers attendent"))
        .Set("dueAt", French.DateTime(dueAt))
        .Set("workspaceUrl", workspaceUrl);

    public static TemplateModel JurorReminder(int remaining, DateTimeOffset dueAt, string workspaceUrl) => new TemplateModel()
        .Set("remaining", French.Count(remaining, "grille", "grilles"))
        .Set("dueAt", French.DateTime(dueAt))
        .Set("workspaceUrl", workspaceUrl);

    public static TemplateModel Shortfall(DateTimeOffset dueAt, IReadOnlyList<(string Reference, string ActionTitle, int Sheets, int Waiting)> dossiers) => new TemplateModel()
        .Set("dueAt", French.DateTime(dueAt))
        .Set("shortCount", French.Count(dossiers.Count, "dossier", "dossiers"))
        .Set("dossiers", [.. dossiers.Select(d => new TemplateModel()
            .Set("reference", d.Reference)
            .Set("actionTitle", d.ActionTitle)
            .Set("sheets", French.Count(d.Sheets, "grille reçue", "grilles reçues"))
            .Set("waiting", d.Waiting == 0 ? "plus aucun juré attendu" : French.Count(d.Waiting, "juré attendu", "jurés attendus")))]);

    public static TemplateModel Workspace(int dossiers, string workspaceUrl) => new TemplateModel()
        .Set("dossiers", French.Count(dossiers, "dossier", "dossiers"))
        .Set("workspaceUrl", workspaceUrl);
}

/// <summary>
/// Sends the calendar's mails (<see cref="Activities.ActivityNames.SendCalendarMail"/>): each to one person, at most once
/// per (campaign, kind, step key, recipient) in Table <c>SentMails</c>, each with the person's workspace link
/// (<see cref="WorkspaceLinks"/>) valid from the orchestration's time, so that a retry makes the same mail.
/// </summary>
public sealed class CalendarMailer(
    ICampaignStore campaigns,
    JuryBoard board,
    IDossierStore dossiers,
    WorkspaceLinks links,
    MailComposer composer,
    MailDispatcher dispatcher,
    ILogger<CalendarMailer> logger)
{
    /// <returns>How many mails left now.</returns>
    public async Task<int> SendAsync(CalendarMailRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var campaign = await campaigns.GetAsync(request.CampaignId, cancellationToken);
        if (campaign is null)
        {
            logger.LogWarning("Campaign {CampaignId}: calendar mail {Mail} not sent, no such campaign", request.CampaignId, request.Mail);
            return 0;
        }

        var due = campaign.JuryDueAt();
        var expires = campaign.Schedule.ActionLinkValidity.AddTo(request.At > due ? request.At : due);
        var sent = 0;
        switch (request.Mail)
        {
            case CalendarMail.JurorInvitation:
            {
                var bound = await BoundForJuryAsync(campaign.Id, cancellationToken);
                for (var juror = 0; juror < campaign.Jurors.Count; juror++)
                {
                    var url = links.Url(new WorkspaceGrant(campaign.Id, WorkspaceRole.Juror, juror), expires);
                    sent += await SendAsync(campaign, MailKind.JuryWorkspaceInvitation, request, new Recipient(RecipientRole.Juror, juror), CalendarMails.JurorInvitation(bound, due, url), cancellationToken);
                }

                break;
            }

            case CalendarMail.JurorReminder:
            {
                var inJury = await board.InJuryAsync(campaign.Id, cancellationToken);
                for (var juror = 0; juror < campaign.Jurors.Count; juror++)
                {
                    var remaining = inJury.Count(d => d.SheetOf(juror) is { Status: ActionLinkStatus.Pending });
                    if (remaining == 0)
                    {
                        continue;
                    }

                    var url = links.Url(new WorkspaceGrant(campaign.Id, WorkspaceRole.Juror, juror), expires);
                    sent += await SendAsync(campaign, MailKind.JuryWorkspaceReminder, request, new Recipient(RecipientRole.Juror, juror), CalendarMails.JurorReminder(remaining, due, url), cancellationToken);
                }

                break;
            }

            case CalendarMail.JuryShortfall:
            {
                var inJury = await board.InJuryAsync(campaign.Id, cancellationToken);
                var shortOf = inJury.Where(d => !d.JuryComplete)
                    .OrderBy(d => d.Dossier.Reference, StringComparer.Ordinal)
                    .Select(d => (d.Dossier.Reference, d.Dossier.ActionTitle, d.Scored, d.Sheets.Count(s => s.Status == ActionLinkStatus.Pending)))
                    .ToList();
                if (shortOf.Count > 0 && campaign.Staff.Count > 0)
                {
                    sent += await SendAsync(campaign, MailKind.JuryShortfall, request, new Recipient(RecipientRole.Staff, Recipient.Everyone), CalendarMails.Shortfall(due, shortOf), cancellationToken);
                }

                break;
            }

            case CalendarMail.PresidentInvitation:
            {
                var count = (await board.InJuryAsync(campaign.Id, cancellationToken)).Count;
                var url = links.Url(new WorkspaceGrant(campaign.Id, WorkspaceRole.President), expires);
                sent += await SendAsync(campaign, MailKind.PresidentWorkspaceInvitation, request, new Recipient(RecipientRole.JuryPresident), CalendarMails.Workspace(count, url), cancellationToken);
                break;
            }

            case CalendarMail.CpInvitation:
            {
                var count = await CountAsync(campaign.Id, s => s == DossierStatus.Cp, cancellationToken);
                var url = links.Url(new WorkspaceGrant(campaign.Id, WorkspaceRole.CpSecretariat), expires);
                sent += await SendAsync(campaign, MailKind.CpWorkspaceInvitation, request, new Recipient(RecipientRole.CpSecretariat), CalendarMails.Workspace(count, url), cancellationToken);
                break;
            }
        }

        logger.LogInformation("Campaign {CampaignId}: calendar mail {Mail} ({StepKey}), {Count} sent now", campaign.Id, request.Mail, request.StepKey, sent);
        return sent;
    }

    private async Task<int> SendAsync(Campaign campaign, MailKind kind, CalendarMailRequest request, Recipient recipient, TemplateModel values, CancellationToken cancellationToken)
    {
        var to = MailNotifier.Recipients(recipient, null, campaign);
        var content = composer.ComposeCampaign(kind, campaign, values);
        var step = request.StepKey + ":" + ActionKeys.Actor(recipient.Role, recipient.Index);
        var key = new SentMailKey("campaign:" + campaign.Id, kind, step, SentMailKey.HashRecipients(to));
        return await dispatcher.SendOnceAsync(key, new OutgoingMail(to, campaign.ContactEmail, content, kind, request.StepKey, null, campaign.Id), cancellationToken) ? 1 : 0;
    }

    /// <summary>The dossiers the jury will score: eligible (an audition maybe), or already in jury (one pass: a dossier moving meanwhile is counted once).</summary>
    private Task<int> BoundForJuryAsync(string campaignId, CancellationToken cancellationToken) =>
        CountAsync(campaignId, s => s is DossierStatus.Eligible or DossierStatus.Audition or DossierStatus.Jury, cancellationToken);

    private async Task<int> CountAsync(string campaignId, Func<DossierStatus, bool> counted, CancellationToken cancellationToken)
    {
        var count = 0;
        string? page = null;
        do
        {
            var batch = await dossiers.ListAsync(campaignId, null, 200, page, cancellationToken);
            count += batch.Items.Count(d => counted(d.Status));
            page = batch.ContinuationToken;
        }
        while (page is not null);

        return count;
    }
}

/// <summary><see cref="Activities.ActivityNames.LoadCalendarPlan"/>: the campaign's instants; null when it does not exist.</summary>
public sealed class LoadCalendarPlanActivity(ICampaignStore campaigns) : JourneyActivity<string, CalendarPlan?>
{
    public override async Task<CalendarPlan?> ExecuteAsync(string input, CancellationToken cancellationToken)
    {
        var campaign = await campaigns.GetAsync(input, cancellationToken);
        if (campaign is null)
        {
            return null;
        }

        var due = campaign.JuryDueAt();
        var reminders = campaign.Schedule.JuryRemindersBeforeDue.Select(o => o.SubtractFrom(due)).Where(t => t > campaign.Deadline.ClosesAt && t < due).Distinct().Order().ToList();
        return new CalendarPlan(campaign.Deadline.ClosesAt, due, reminders, campaign.Jurors.Count, campaign.Schedule);
    }
}

/// <summary><see cref="Activities.ActivityNames.ReadCampaignJuryState"/>: where the campaign's jury stands.</summary>
public sealed class ReadCampaignJuryStateActivity(JuryBoard board) : JourneyActivity<string, CalendarJuryState>
{
    public override Task<CalendarJuryState> ExecuteAsync(string input, CancellationToken cancellationToken) =>
        board.StateAsync(input, cancellationToken);
}

/// <summary><see cref="Activities.ActivityNames.SendCalendarMail"/>.</summary>
public sealed class SendCalendarMailActivity(CalendarMailer mailer) : JourneyActivity<CalendarMailRequest, int>
{
    public override Task<int> ExecuteAsync(CalendarMailRequest input, CancellationToken cancellationToken) =>
        mailer.SendAsync(input, cancellationToken);
}
