using System.Globalization;
using System.Text.Json.Nodes;
using Ami.Domain.Campaigns;
using Ami.Domain.States;
using Ami.Pages.Components.Staff;
using Ami.Workflow.Actions;
using Ami.Workflow.Http;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;
using Ami.Workflow.Staff;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Ami.Pages.Staff;

/// <summary>A dossier that waits on someone, and since when.</summary>
public sealed record Waiting(DossierListRow Dossier, DateTimeOffset Since, string? Who = null);

/// <summary>The campaign's dashboard and its form.</summary>
public sealed record CampaignDashboardModel(
    StaffChrome Chrome,
    Campaign Campaign,
    DateTimeOffset Now,
    int Total,
    IReadOnlyList<(DossierStatus Status, int Count)> Counts,
    DraftCount Drafts,
    int ToValidateCount,
    IReadOnlyList<Waiting> ToValidate,
    int InJury,
    IReadOnlyList<(string Juror, int Pending, DateTimeOffset Since)> LateJurors,
    IReadOnlyList<Waiting> BilansOverdue,
    IReadOnlyList<Waiting> BilansDue,
    IReadOnlyList<LateSubmission> LateAttempts,
    IReadOnlyList<DossierListRow> Ranked)
{
    public IReadOnlyDictionary<string, string> Errors { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Typed { get; init; } = new Dictionary<string, string>();

    public bool Saved { get; init; }
}

/// <summary>
/// <c>/gestion/campagnes/{id}</c>: counts by status, what waits on whom and since when (dossiers to validate, late
/// jurors, bilans due or overdue), the late filing attempts, the ranking chart (SVG drawn here), and for admins the form
/// that changes the deadline and the people, saved through the API's own path (<see cref="CampaignHandlers.SaveAsync"/>:
/// the waiting journeys follow the change).
/// </summary>
public sealed class StaffCampaignPages(
    StaffGuard guard,
    ICampaignStore campaigns,
    IDossierListIndex index,
    IActionStore actions,
    ILateSubmissionLog lateLog,
    IDraftStore drafts,
    CampaignHandlers campaignHandlers,
    PageRenderer pages,
    TimeProvider clock)
{
    /// <summary>The late jurors are looked up in the sheets of at most this many dossiers (the oldest in jury).</summary>
    public const int JuryLookups = 50;

    /// <summary>A bilan "due soon" is due within this.</summary>
    public static readonly TimeSpan BilanSoon = TimeSpan.FromDays(30);

    /// <summary><c>GET /gestion/campagnes/{campaignId}</c>.</summary>
    public async Task<IResult> ShowAsync(HttpRequest request, string campaignId, CancellationToken cancellationToken)
    {
        var (chrome, refusal) = await guard.ForGetAsync(request, StaffPages.AnyRole);
        if (refusal is not null)
        {
            return refusal;
        }

        var campaign = await campaigns.GetAsync(campaignId, cancellationToken);
        if (campaign is null)
        {
            return await guard.MessageAsync(chrome, StatusCodes.Status404NotFound, "Campagne inconnue", ["Aucune campagne ne porte cet identifiant."], StaffPageRoutes.HomePath, "Retour aux campagnes");
        }

        var model = await ModelAsync(chrome!, campaign, cancellationToken) with { Saved = request.Query["enregistre"] == "1" };
        return await pages.PageAsync<CampaignDashboard>(StatusCodes.Status200OK, new Dictionary<string, object?> { ["M"] = model });
    }

    /// <summary><c>POST /gestion/campagnes/{campaignId}</c> (admin): <c>deadline</c> (Paris time), <c>staff</c>, <c>jurors</c> (one address a line), <c>juryPresident</c>, <c>cpSecretariat</c>, <c>finance</c>.</summary>
    public async Task<IResult> ChangeAsync(HttpRequest request, string campaignId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (chrome, form, refusal) = await guard.ForPostAsync(request, cancellationToken, StaffRole.Admin);
        if (refusal is not null)
        {
            return refusal;
        }

        var campaign = await campaigns.GetAsync(campaignId, cancellationToken);
        if (campaign is null)
        {
            return await guard.MessageAsync(chrome, StatusCodes.Status404NotFound, "Campagne inconnue", ["Aucune campagne ne porte cet identifiant."], StaffPageRoutes.HomePath, "Retour aux campagnes");
        }

        var typed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in new[] { "deadline", "staff", "jurors", "juryPresident", "cpSecretariat", "finance" })
        {
            typed[field] = form![field].ToString().Trim();
        }

        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var node = JsonNode.Parse(CampaignJson.Serialize(campaign))!.AsObject();
        if (DateTime.TryParseExact(typed["deadline"], ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            // The minute typed is the last one accepted: its 59th second is the deadline's last accepted second.
            var lastSecond = ParisTime.FromLocal(local.AddSeconds(59 - local.Second));
            node["deadline"] = lastSecond.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        }
        else
        {
            errors["deadline"] = "Date et heure attendues (heure de Paris), par exemple 29/05/2015 23:59.";
        }

        node["staff"] = new JsonArray([.. Lines(typed["staff"]).Select(a => (JsonNode?)JsonValue.Create(a))]);
        node["jurors"] = new JsonArray([.. Lines(typed["jurors"]).Select(a => (JsonNode?)JsonValue.Create(a))]);
        node["juryPresident"] = typed["juryPresident"];
        node["cpSecretariat"] = typed["cpSecretariat"];
        node["finance"] = typed["finance"];
        if (errors.Count == 0)
        {
            var (saved, problems, _, _) = await campaignHandlers.SaveAsync(node.ToJsonString(), client, cancellationToken);
            if (saved is not null)
            {
                return new SeeOther(StaffPageRoutes.CampaignPath(campaign.Id) + "?enregistre=1");
            }

            foreach (var p in problems)
            {
                var field = p.Field.Split('[', '.')[0];
                errors.TryAdd(field is "deadline" or "staff" or "jurors" or "juryPresident" or "cpSecretariat" or "finance" ? field : "deadline", p.Message);
            }
        }

        var model = await ModelAsync(chrome!, campaign, cancellationToken) with { Errors = errors, Typed = typed };
        return await pages.PageAsync<CampaignDashboard>(StatusCodes.Status400BadRequest, new Dictionary<string, object?> { ["M"] = model });
    }

    private static IEnumerable<string> Lines(string text) =>
        text.Split(['\n', '\r', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private async Task<CampaignDashboardModel> ModelAsync(StaffChrome chrome, Campaign campaign, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var rows = await index.RowsAsync(campaign.Id, cancellationToken);
        var counts = new Dictionary<DossierStatus, int>();
        var toValidate = new List<DossierListRow>();
        var inJury = new List<DossierListRow>();
        var bilans = new List<DossierListRow>();
        var ranked = new List<DossierListRow>();
        foreach (var r in rows)
        {
            counts[r.Status] = counts.GetValueOrDefault(r.Status) + 1;
            switch (r.Status)
            {
                case DossierStatus.Submitted:
                    toValidate.Add(r);
                    break;
                case DossierStatus.Jury:
                    inJury.Add(r);
                    break;
                case DossierStatus.Started or DossierStatus.BilanDue when r.BilanDueAt is not null:
                    bilans.Add(r);
                    break;
            }

            if (r.Jury is not null)
            {
                ranked.Add(r);
            }
        }

        var lateJurors = now > campaign.JuryDueAt() ? await LateJurorsAsync(campaign, inJury, cancellationToken) : [];
        var late = (await lateLog.ListSinceAsync(campaign.OpensAt, cancellationToken))
            .Where(l => l.CampaignId == campaign.Id).OrderByDescending(l => l.At).ToList();
        return new CampaignDashboardModel(
            chrome,
            campaign,
            now,
            rows.Count,
            [.. Enum.GetValues<DossierStatus>().Select(s => (s, counts.GetValueOrDefault(s)))],
            await drafts.CountAsync(campaign.Id, cancellationToken),
            toValidate.Count,
            [.. toValidate.OrderBy(r => r.UpdatedAt).Take(20).Select(r => new Waiting(r, r.UpdatedAt))],
            inJury.Count,
            lateJurors,
            [.. bilans.Where(r => r.BilanDueAt < now).OrderBy(r => r.BilanDueAt).Take(50).Select(r => new Waiting(r, r.BilanDueAt!.Value))],
            [.. bilans.Where(r => r.BilanDueAt >= now && r.BilanDueAt < now + BilanSoon).OrderBy(r => r.BilanDueAt).Take(50).Select(r => new Waiting(r, r.BilanDueAt!.Value))],
            late,
            [.. ranked.OrderByDescending(r => r.Jury!.MeanTotal).ThenBy(r => r.Reference, StringComparer.Ordinal).Take(60)]);
    }

    /// <summary>Jurors whose sheets are still pending after the jury's due date, with how many and since when.</summary>
    private async Task<IReadOnlyList<(string Juror, int Pending, DateTimeOffset Since)>> LateJurorsAsync(Campaign campaign, List<DossierListRow> inJury, CancellationToken cancellationToken)
    {
        var pending = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var dossier in inJury.OrderBy(r => r.UpdatedAt).Take(JuryLookups))
        {
            for (var attempt = 1; attempt <= 3; attempt++)
            {
                var links = await actions.ListAsync(dossier.DossierId, JourneySteps.JuryScore, attempt, cancellationToken);
                if (links.Count == 0)
                {
                    break;
                }

                foreach (var link in links.Where(l => l.Status == ActionLinkStatus.Pending))
                {
                    var who = link.Grant.Index >= 0 && link.Grant.Index < campaign.Jurors.Count ? campaign.Jurors[link.Grant.Index] : link.Grant.Actor;
                    pending[who] = pending.GetValueOrDefault(who) + 1;
                }
            }
        }

        return [.. pending.OrderByDescending(p => p.Value).Select(p => (p.Key, p.Value, campaign.JuryDueAt()))];
    }
}
