using Ami.Domain.Campaigns;
using Ami.Domain.States;
using Ami.Domain.Validation;
using Ami.Workflow.Actions;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Steps;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Ami.Workflow.Workspaces;

/// <summary>One row of the president's page as typed: the dossier and the jury's opinion on it (values kept as text).</summary>
/// <param name="Row">The row's number on the page (1-based), for the errors.</param>
public sealed record OpinionEntry(int Row, string DossierId, string? Decision, string? ProposedAmount, string? Conclusions);

/// <summary>What the president's page shows: the campaign's ranking and the dossiers whose journey waits for the jury's opinion.</summary>
public sealed record OpinionsView(Campaign Campaign, IReadOnlyList<RankingLine> Ranking, IReadOnlyList<AwaitingDossier> Awaiting);

/// <summary>
/// The jury president's opinions, filled in one sitting for the whole campaign (<c>/jury/avis/{token}</c>). Each row is
/// checked with the per-dossier <c>jury-opinion</c> action's own rules (<see cref="ActionDecisionRules"/>: conclusions
/// required, an amount within the cap and the amount requested); while one row is wrong nothing is recorded. When all
/// are right each dossier's step is decided through <see cref="ActionService.DecideAwaitedAsync"/> as the actor
/// <c>president</c>: the step row shared with the mailed link lets it count once, and a page posted again meets it.
/// Opinions in progress may be saved on the way (<see cref="SaveDraftAsync"/>, Table <c>JuryOpinionDrafts</c>): they
/// are shown again on the page and count for nothing until transmitted.
/// </summary>
public sealed class JuryOpinions(
    WorkspaceDossiers workspace,
    ActionService actions,
    JuryOpinionDrafts drafts,
    IActionStore decisions,
    TimeProvider clock,
    ILogger<JuryOpinions> logger)
{
    public const string Actor = "president";

    public async Task<OpinionsView?> ViewAsync(string campaignId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var campaign = await workspace.CampaignAsync(campaignId, cancellationToken);
        if (campaign is null)
        {
            return null;
        }

        var all = await workspace.ListAsync(campaignId, null, cancellationToken);
        var awaiting = await workspace.AwaitingAsync(all.Where(d => d.Status == DossierStatus.Jury), JourneySteps.JuryOpinion, client, cancellationToken);
        return new OpinionsView(campaign, WorkspaceDossiers.Ranking(all), awaiting);
    }

    /// <summary>The opinions in progress saved for the campaign, by dossier.</summary>
    public Task<IReadOnlyDictionary<string, JuryOpinionDraft>> DraftsAsync(string campaignId, CancellationToken cancellationToken) =>
        drafts.ListAsync(campaignId, cancellationToken);

    /// <summary>
    /// Saves the rows as typed, without checking them against the rules (a page in progress), for the dossiers that
    /// still wait for the jury's opinion only. A row whose text is too long to keep is refused (nothing saved); see the class.
    /// </summary>
    public async Task<WorkspaceSubmission> SaveDraftAsync(string campaignId, OpinionsView view, IReadOnlyList<OpinionEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(entries);
        var awaiting = view.Awaiting.Select(a => a.Dossier.DossierId).ToHashSet(StringComparer.Ordinal);
        var rowErrors = new Dictionary<int, IReadOnlyList<FieldError>>();
        foreach (var entry in entries.Where(e => awaiting.Contains(e.DossierId)))
        {
            var errors = new List<FieldError>();
            if ((entry.Conclusions?.Length ?? 0) > ActionDecisionRules.MaxCommentLength)
            {
                errors.Add(new FieldError(StepFields.Comment, ErrorCodes.TooLong, $"Les conclusions dépassent {ActionDecisionRules.MaxCommentLength} caractères."));
            }

            if ((entry.ProposedAmount?.Length ?? 0) > 40)
            {
                errors.Add(new FieldError(StepFields.ProposedAmount, ErrorCodes.TooLong, "Le montant est trop long pour être un montant."));
            }

            if (errors.Count > 0)
            {
                rowErrors[entry.Row] = errors;
            }
        }

        if (rowErrors.Count > 0)
        {
            return WorkspaceSubmission.Invalid(rowErrors);
        }

        var now = clock.GetUtcNow();
        var kept = entries
            .Where(e => awaiting.Contains(e.DossierId))
            .DistinctBy(e => e.DossierId, StringComparer.Ordinal)
            .Select(e => new JuryOpinionDraft(e.DossierId, Known(e.Decision), Trimmed(e.ProposedAmount), Trimmed(e.Conclusions), now))
            .ToList();
        await drafts.SaveAsync(campaignId, kept, cancellationToken);
        logger.LogInformation("Campaign {CampaignId}: {Count} jury opinion(s) in progress saved from the president's page", campaignId, kept.Count);
        return new WorkspaceSubmission(WorkspaceOutcome.Recorded, new Dictionary<int, IReadOnlyList<FieldError>>(), [], [.. kept.Select(k => k.DossierId)], []);

        static string? Known(string? decision) => decision is JourneyDecisions.Favourable or JourneyDecisions.Unfavourable ? decision : null;
        static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    /// <summary>
    /// Checks every row against <paramref name="view"/> (the page's own read of the campaign, just made), then (all right)
    /// records each opinion once; see the class.
    /// </summary>
    public async Task<WorkspaceSubmission> SubmitAsync(string campaignId, OpinionsView view, IReadOnlyList<OpinionEntry> entries, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(entries);
        var awaiting = view.Awaiting.ToDictionary(a => a.Dossier.DossierId, StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var rowErrors = new Dictionary<int, IReadOnlyList<FieldError>>();
        var toDecide = new List<(OpinionEntry Entry, AwaitingDossier Dossier, ActionClaims Claims, ActionBody Body)>();
        var already = new List<string>();
        foreach (var entry in entries)
        {
            if (!awaiting.TryGetValue(entry.DossierId, out var dossier))
            {
                // Not waiting any more: this page's own opinion given before (the page posted again), or someone else's.
                var mine = await decisions.GetStepDecisionAsync(entry.DossierId, JourneySteps.JuryOpinion, 1, cancellationToken);
                if (mine is not null && mine.Actor == Actor)
                {
                    already.Add(entry.DossierId);
                }
                else
                {
                    rowErrors[entry.Row] = [new FieldError("decision", "step-closed", "Ce dossier n'attend plus l'avis du jury.")];
                }

                continue;
            }

            var claims = new ActionClaims(entry.DossierId, JourneySteps.JuryOpinion, dossier.Attempt, Actor, StepCatalog.DecisionsOf(JourneySteps.JuryOpinion), now.AddDays(1));
            var body = new ActionBody { Decision = entry.Decision, Comment = entry.Conclusions, Fields = new Dictionary<string, string?>(StringComparer.Ordinal) { [StepFields.ProposedAmount] = entry.ProposedAmount } };
            var errors = ActionDecisionRules.Check(claims, body, dossier.Dossier, view.Campaign, now, out _);
            if (errors.Count > 0)
            {
                rowErrors[entry.Row] = errors;
            }
            else
            {
                toDecide.Add((entry, dossier, claims, body));
            }
        }

        if (rowErrors.Count > 0)
        {
            return WorkspaceSubmission.Invalid(rowErrors);
        }

        if (toDecide.Count == 0)
        {
            return already.Count > 0
                ? WorkspaceSubmission.Already(already)
                : WorkspaceSubmission.Invalid(rowErrors, ["Aucun dossier n'attend l'avis du jury."]);
        }

        // Each dossier decided once, a few at a time (each is its own step row and its own journey).
        var results = new ActionResult[toDecide.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, toDecide.Count), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (i, ct) =>
            results[i] = await actions.DecideAwaitedAsync(toDecide[i].Claims, toDecide[i].Body, client, ct));
        var recorded = new List<string>();
        var notRecorded = new List<string>();
        for (var i = 0; i < toDecide.Count; i++)
        {
            var (result, reference) = (results[i], toDecide[i].Dossier.Dossier.Reference);
            if (result.Kind == ActionResultKind.Ok || (result.Code == "already-decided" && result.Decision?.Actor == Actor))
            {
                recorded.Add(reference);
            }
            else
            {
                notRecorded.Add(reference + " : " + (result.Code == "already-decided" ? "avis déjà donné" : "le dossier n'attend plus l'avis du jury"));
            }
        }

        logger.LogInformation("Campaign {CampaignId}: {Count} jury opinion(s) recorded from the president's page", campaignId, recorded.Count);

        // The opinions in progress of the dossiers now decided (or no longer waiting) have served.
        await drafts.DeleteAsync(campaignId, toDecide.Select(t => t.Entry.DossierId).Concat(already), cancellationToken);

        // The opinions are given: the campaign's calendar invites the CP secretariat (once; when it does not run, it
        // finds the opinions itself at its next check).
        await client.RaiseOpinionsGivenAsync(campaignId, logger, cancellationToken);
        return new WorkspaceSubmission(WorkspaceOutcome.Recorded, new Dictionary<int, IReadOnlyList<FieldError>>(), [], recorded, notRecorded);
    }
}
