using Ami.Domain.Campaigns;
using Ami.Domain.Scoring;
using Ami.Domain.States;
using Ami.Domain.Validation;
using Ami.Workflow.Actions;
using Ami.Workflow.Links;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Ami.Workflow.Workspaces;

/// <summary>Why a workspace link or a dossier of it is refused.</summary>
public enum WorkspaceRefusal
{
    None,

    /// <summary>Tampered, of another role, of an unknown campaign or juror: 404.</summary>
    Invalid,

    /// <summary>Past its expiry: 410.</summary>
    Expired,

    /// <summary>A dossier that is not of the link's campaign, or not given to this juror: 404.</summary>
    NotYours,
}

/// <summary>One dossier of a juror's list: the dossier, the juror's link to its sheet and the juror's saved grid.</summary>
public sealed record JurorDossier(DossierRecord Dossier, ActionRecord Sheet, JurySheetDraft? Draft)
{
    /// <summary>The sheet is in (scored or conflict declared): it counts.</summary>
    public bool Done => Sheet.Status == ActionLinkStatus.Used;

    /// <summary>The jury of this dossier closed before this juror answered.</summary>
    public bool Closed => Sheet.Status is ActionLinkStatus.Cancelled or ActionLinkStatus.Superseded;
}

/// <summary>The juror's workspace: their campaign and the dossiers given to them.</summary>
public sealed record JurorOverview(Campaign Campaign, int JurorIndex, IReadOnlyList<JurorDossier> Dossiers)
{
    public int Total => Dossiers.Count(d => !d.Closed || d.Done);

    public int Done => Dossiers.Count(d => d.Done);

    public DateTimeOffset DueAt => Campaign.JuryDueAt();
}

/// <summary>What a juror sees of another juror's sheet once their own is in (never who it is).</summary>
public sealed record OtherSheet(int Number, string Decision, IReadOnlyDictionary<string, int>? Scores);

/// <summary>
/// "Mes dossiers à évaluer": the list and the sheets of one juror of one campaign, from the personal link
/// (<see cref="WorkspaceLinks"/>, role juror). The dossiers are those whose journey issued this juror a
/// <c>jury-score</c> link; a sheet is recorded through that very action (<see cref="ActionService"/>: the same rules,
/// the same once-only link, the same event to the journey as <c>/api/actions/{token}</c>).
/// </summary>
public sealed class JurorWorkspace(
    WorkspaceLinks links,
    ICampaignStore campaigns,
    IDossierStore dossiers,
    JuryBoard board,
    JurySheetDrafts drafts,
    ActionLinkSigner signer,
    ActionService actions,
    TimeProvider clock,
    ILogger<JurorWorkspace> logger)
{
    /// <summary>Opens a juror's link: the campaign and the juror's index, or why not.</summary>
    public async Task<(WorkspaceRefusal Refusal, Campaign? Campaign, int JurorIndex)> OpenAsync(string token, CancellationToken cancellationToken)
    {
        var check = links.Verify(token, WorkspaceRole.Juror, clock.GetUtcNow(), out var grant);
        if (check == LinkCheck.Expired)
        {
            return (WorkspaceRefusal.Expired, null, 0);
        }

        var campaign = check == LinkCheck.Valid ? await campaigns.GetAsync(grant!.CampaignId, cancellationToken) : null;
        if (campaign is null || grant!.JurorIndex >= campaign.Jurors.Count)
        {
            logger.LogWarning("Juror workspace link refused ({Check})", check);
            return (WorkspaceRefusal.Invalid, null, 0);
        }

        return (WorkspaceRefusal.None, campaign, grant.JurorIndex);
    }

    /// <summary>The juror's dossiers (pending first, then done), with progress.</summary>
    public async Task<JurorOverview> ListAsync(Campaign campaign, int juror, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var list = new List<JurorDossier>();
        foreach (var d in await board.InJuryAsync(campaign.Id, cancellationToken))
        {
            if (d.SheetOf(juror) is { } sheet)
            {
                list.Add(new JurorDossier(d.Dossier, sheet, sheet.Status == ActionLinkStatus.Pending ? await drafts.GetAsync(d.Dossier.DossierId, sheet.Grant.Actor, cancellationToken) : null));
            }
        }

        return new JurorOverview(campaign, juror, [.. list.OrderBy(d => d.Done).ThenBy(d => d.Closed).ThenBy(d => d.Dossier.Reference, StringComparer.Ordinal)]);
    }

    /// <summary>One dossier given to the juror: refused when it is of another campaign or has no sheet for this juror.</summary>
    public async Task<JurorDossier?> DossierAsync(Campaign campaign, int juror, string dossierId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var dossier = await dossiers.GetAsync(dossierId, cancellationToken);
        if (dossier is null || dossier.CampaignId != campaign.Id)
        {
            logger.LogWarning("Juror workspace of campaign {CampaignId}: dossier {DossierId} refused (not of this campaign)", campaign.Id, dossierId);
            return null;
        }

        var jury = await board.ReadAsync(dossier, cancellationToken);
        if (jury.SheetOf(juror) is not { } sheet)
        {
            return null;
        }

        return new JurorDossier(dossier, sheet, await drafts.GetAsync(dossierId, sheet.Grant.Actor, cancellationToken));
    }

    /// <summary>The other jurors' sheets of the dossier, numbered in order; only once <paramref name="mine"/> is in.</summary>
    public async Task<IReadOnlyList<OtherSheet>> OthersAsync(JurorDossier mine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mine);
        if (!mine.Done)
        {
            return [];
        }

        var jury = await board.ReadAsync(mine.Dossier, cancellationToken);
        return [.. jury.Sheets
            .Where(s => s.Grant.Index != mine.Sheet.Grant.Index && s.Status == ActionLinkStatus.Used && s.Decision is not null)
            .Select((s, i) => new OtherSheet(i + 1, s.Decision!.Decision, s.Decision.Details.Scores))];
    }

    /// <summary>
    /// "Enregistrer": keeps the levels chosen so far (each 0 to 3, criteria of the dossier's grid) and the comment.
    /// Every error at once; nothing saved while one is wrong.
    /// </summary>
    public async Task<IReadOnlyList<FieldError>> SaveDraftAsync(JurorDossier dossier, IReadOnlyDictionary<string, string> typed, string? comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        ArgumentNullException.ThrowIfNull(typed);
        var (scores, errors) = ReadPartial(dossier.Dossier.JuryGrid, typed);
        if (comment is { Length: > 2000 })
        {
            errors.Add(new FieldError("comment", ErrorCodes.TooLong, "Le commentaire fait au plus 2 000 caractères."));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        await drafts.SaveAsync(dossier.Dossier.DossierId, dossier.Sheet.Grant.Actor, new JurySheetDraft(scores, string.IsNullOrWhiteSpace(comment) ? null : comment, clock.GetUtcNow()), cancellationToken);
        return [];
    }

    /// <summary>"Valider ma grille" (or the conflict of interest): through the dossier's pending <c>jury-score</c> action.</summary>
    public async Task<ActionResult> SubmitAsync(JurorDossier dossier, ActionBody body, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        ArgumentNullException.ThrowIfNull(client);
        var grant = dossier.Sheet.Grant;
        var token = signer.Sign(new ActionClaims(grant.DossierId, grant.Step, grant.Attempt, grant.Actor, grant.Decisions, clock.GetUtcNow().AddHours(1)));
        var result = await actions.DecideAsync(token, body, client, cancellationToken);
        if (result.Kind == ActionResultKind.Ok)
        {
            await client.RaiseCalendarEventAsync(dossier.Dossier.CampaignId, CampaignEvents.SheetSubmitted, logger, cancellationToken);
        }

        return result;
    }

    /// <summary>The levels of a partly filled grid: each given one a whole number from 0 to 3 of a criterion of the grid.</summary>
    public static (Dictionary<string, int> Scores, List<FieldError> Errors) ReadPartial(ScoringGrid grid, IReadOnlyDictionary<string, string> typed)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(typed);
        var scores = new Dictionary<string, int>(StringComparer.Ordinal);
        var errors = new List<FieldError>();
        foreach (var (key, raw) in typed)
        {
            if (string.IsNullOrWhiteSpace(raw))
            {
                continue;
            }

            var criterion = grid.Find(key);
            if (criterion is null)
            {
                errors.Add(new FieldError("scores." + key, ErrorCodes.UnknownCriterion, $"Critère inconnu : « {key} »."));
            }
            else if (!int.TryParse(raw, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var level))
            {
                errors.Add(new FieldError("scores." + key, ErrorCodes.NotAnInteger, $"{criterion.Label} : la note est un nombre entier de {ScoringGrid.MinLevel} à {ScoringGrid.MaxLevel}."));
            }
            else if (level is < ScoringGrid.MinLevel or > ScoringGrid.MaxLevel)
            {
                // The domain's wording (ScoreSheet), so that "Enregistrer" and "Valider ma grille" say the same.
                errors.Add(new FieldError("scores." + key, ErrorCodes.OutOfRange, $"{criterion.Label} : la note va de {ScoringGrid.MinLevel} à {ScoringGrid.MaxLevel} ({level} donné)."));
            }
            else
            {
                scores[key] = level;
            }
        }

        return (scores, errors);
    }
}
