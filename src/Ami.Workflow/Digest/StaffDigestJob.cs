using System.Globalization;
using Ami.Domain.Campaigns;
using Ami.Domain.States;
using Ami.Workflow.Mail;
using Ami.Workflow.Ports;
using Ami.Workflow.Steps;
using Microsoft.Extensions.Logging;

namespace Ami.Workflow.Digest;

/// <summary>What a run of the digest did.</summary>
/// <param name="Ran">False when it was not 08:00 in Paris (the other of the two UTC timer firings).</param>
/// <param name="MailsSent">Digests sent now (a campaign already mailed today, or with nothing to say, sends none).</param>
public sealed record DigestRun(bool Ran, int MailsSent);

/// <summary>
/// The staff's daily digest, one mail per campaign to its staff at 08:00 Paris time: dossiers waiting for
/// staff (validation, audition report, bilan validation), late jurors, bilans due within 30 days or
/// overdue, late submission attempts since the previous digest, and journeys that ended Failed. Host-agnostic: the Functions timer
/// (06:00 and 07:00 UTC, so that one of them is 08:00 in Paris in winter and in summer) and the local
/// host's timer twin (same name, same <c>DIGEST_SCHEDULE</c>) both call <see cref="RunAsync"/>; it runs only in the 08:00 Paris
/// hour, and mails each campaign once per Paris day (Table <c>SentMails</c>).
/// </summary>
public sealed class StaffDigestJob(
    ICampaignStore campaigns,
    IDossierStore dossiers,
    IJuryProgress jury,
    ILateSubmissionLog lateSubmissions,
    MailComposer composer,
    MailDispatcher dispatcher,
    TimeProvider time,
    ILogger<StaffDigestJob> logger)
{
    /// <summary>The Paris hour of the digest.</summary>
    public const int ParisHour = 8;

    /// <summary>Bilans due within this many days are listed.</summary>
    public const int BilanHorizonDays = 30;

    private const int PageSize = 200;

    /// <summary>The steps that wait on staff with something to do (<see cref="StepCatalog"/>: validation, audition report, bilan validation).</summary>
    private static readonly StepDefinition[] WaitingOnStaff = [.. StepCatalog.WaitingOn(StepActor.Staff).Where(s => s.DigestToDo is not null)];

    /// <param name="journeys">The journeys that ended Failed (<see cref="DurableJourneyFailures"/> over the host's Durable client).</param>
    public async Task<DigestRun> RunAsync(IJourneyFailures journeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(journeys);
        var now = time.GetUtcNow();
        var paris = ParisTime.ToParis(now);
        if (paris.Hour != ParisHour)
        {
            logger.LogInformation("Staff digest: {ParisTime:HH:mm} in Paris, not the {Hour}:00 run; nothing done", paris, ParisHour);
            return new DigestRun(false, 0);
        }

        var today = DateOnly.FromDateTime(paris.DateTime);
        var since = ParisAt(today.AddDays(-1), ParisHour);
        var late = await lateSubmissions.ListSinceAsync(since, cancellationToken);
        var failed = await FailedJourneysAsync(journeys, cancellationToken);
        var sent = 0;
        var failures = new List<Exception>();
        foreach (var campaign in await campaigns.ListAsync(cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (await SendForCampaignAsync(campaign, today, now, late.Where(l => l.CampaignId == campaign.Id).ToList(), failed.Where(f => f.Dossier.CampaignId == campaign.Id).ToList(), cancellationToken))
                {
                    sent++;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One campaign's failure must not deprive the others of their digest.
                logger.LogError(e, "Staff digest of campaign {CampaignId} failed", campaign.Id);
                failures.Add(e);
            }
        }

        logger.LogInformation("Staff digest of {Day}: {Count} mail(s) sent, {Failed} campaign(s) failed", today, sent, failures.Count);
        return failures.Count == 0
            ? new DigestRun(true, sent)
            : throw new AggregateException($"Staff digest of {today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}: {failures.Count} campaign(s) failed, {sent} mail(s) sent.", failures);
    }

    private async Task<List<(DossierRecord Dossier, DateTimeOffset FailedAt)>> FailedJourneysAsync(IJourneyFailures journeys, CancellationToken ct)
    {
        var failed = new List<(DossierRecord, DateTimeOffset)>();
        foreach (var journey in await journeys.ListAsync(ct))
        {
            logger.LogError("Staff digest: the journey of dossier {DossierId} failed at {FailedAt:O} and waits for no one", journey.DossierId, journey.FailedAt);
            if (await dossiers.GetAsync(journey.DossierId, ct) is { } dossier)
            {
                failed.Add((dossier, journey.FailedAt));
            }
        }

        return failed;
    }

    private async Task<bool> SendForCampaignAsync(
        Campaign campaign,
        DateOnly today,
        DateTimeOffset now,
        IReadOnlyList<LateSubmission> late,
        IReadOnlyList<(DossierRecord Dossier, DateTimeOffset FailedAt)> failed,
        CancellationToken ct)
    {
        if (campaign.Staff.Count == 0)
        {
            logger.LogWarning("Staff digest: campaign {CampaignId} has no staff address", campaign.Id);
            return false;
        }

        var waiting = new List<TemplateModel>();
        foreach (var (awaited, status) in WaitingOnStaff.SelectMany(s => s.WaitingIn.Select(status => (s, status))))
        {
            foreach (var d in await ListAllAsync(campaign.Id, status, ct))
            {
                waiting.Add(DossierItem(d)
                    .Set("todo", awaited.DigestToDo!)
                    .Set("since", French.Date(d.UpdatedAt == default ? d.SubmittedAt : d.UpdatedAt)));
            }
        }

        var lateJurors = new List<TemplateModel>();
        var byDossier = new Dictionary<string, DossierRecord?>(StringComparer.Ordinal);
        foreach (var sheet in (await jury.ListPendingAsync(campaign.Id, ct)).Where(s => s.DueAt <= now).OrderBy(s => s.DueAt))
        {
            if (!byDossier.TryGetValue(sheet.DossierId, out var d))
            {
                byDossier[sheet.DossierId] = d = await dossiers.GetAsync(sheet.DossierId, ct);
            }

            if (d is null)
            {
                continue;
            }

            lateJurors.Add(DossierItem(d)
                .Set("juror", sheet.JurorIndex >= 0 && sheet.JurorIndex < campaign.Jurors.Count ? campaign.Jurors[sheet.JurorIndex] : $"juré n° {sheet.JurorIndex + 1}")
                .Set("dueAt", French.Date(sheet.DueAt)));
        }

        var horizon = now.AddDays(BilanHorizonDays);
        var bilans = new List<TemplateModel>();
        foreach (var status in StepCatalog.Bilan.WaitingIn)
        {
            foreach (var d in (await ListAllAsync(campaign.Id, status, ct)).Where(d => d.BilanDueAt is { } due && due <= horizon))
            {
                bilans.Add(DossierItem(d)
                    .Set("dueAt", French.Date(d.BilanDueAt!.Value))
                    .Set("overdue", d.BilanDueAt!.Value < now));
            }
        }

        var lateItems = late.OrderBy(l => l.At).Select(l => new TemplateModel()
            .Set("at", French.DateTime(l.At))
            .Set("holderName", l.HolderName)
            .Set("contactEmailOfHolder", l.ContactEmail)).ToList();

        var failedItems = failed.OrderBy(f => f.Dossier.Reference, StringComparer.Ordinal).Select(f => DossierItem(f.Dossier)
            .Set("status", f.Dossier.Status.ToFrench())
            .Set("at", French.DateTime(f.FailedAt))).ToList();

        if (waiting.Count + lateJurors.Count + bilans.Count + lateItems.Count + failedItems.Count == 0)
        {
            logger.LogInformation("Staff digest: nothing to report for campaign {CampaignId}", campaign.Id);
            return false;
        }

        var model = new TemplateModel()
            .Set("day", French.Date(today))
            .Set("bilanHorizonDays", BilanHorizonDays.ToString(CultureInfo.InvariantCulture))
            .Set("waiting", waiting)
            .Set("lateJurors", lateJurors)
            .Set("bilans", bilans)
            .Set("lateSubmissions", lateItems)
            .Set("failed", failedItems);
        var content = composer.ComposeDigest(campaign, model);
        var step = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var key = new SentMailKey("campaign:" + campaign.Id, MailKind.StaffDigest, step, SentMailKey.HashRecipients(campaign.Staff));
        return await dispatcher.SendOnceAsync(key, new OutgoingMail(campaign.Staff, campaign.ContactEmail, content, MailKind.StaffDigest, step, null, campaign.Id), ct);
    }

    private TemplateModel DossierItem(DossierRecord d) => new TemplateModel()
        .Set("reference", d.Reference)
        .Set("actionTitle", d.ActionTitle)
        .Set("holderName", d.HolderName)
        .Set("url", composer.DossierUrl(d.DossierId));

    private async Task<List<DossierRecord>> ListAllAsync(string campaignId, DossierStatus status, CancellationToken ct)
    {
        var all = new List<DossierRecord>();
        string? token = null;
        do
        {
            var page = await dossiers.ListAsync(campaignId, status, PageSize, token, ct);
            all.AddRange(page.Items.Where(d => d.Status == status));
            token = page.ContinuationToken;
        }
        while (token is not null);

        return all.OrderBy(d => d.Reference, StringComparer.Ordinal).ToList();
    }

    private static DateTimeOffset ParisAt(DateOnly day, int hour)
    {
        var local = day.ToDateTime(new TimeOnly(hour, 0), DateTimeKind.Unspecified);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, ParisTime.Zone), TimeSpan.Zero);
    }
}
