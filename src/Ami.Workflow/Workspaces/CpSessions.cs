using System.Security.Cryptography;
using System.Text;
using Ami.Domain.Campaigns;
using Ami.Domain.Money;
using Ami.Domain.States;
using Ami.Domain.Validation;
using Ami.Workflow.Actions;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Steps;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Ami.Workflow.Workspaces;

/// <summary>One decision as entered (a form row or a CSV line), values kept as text.</summary>
/// <param name="Row">The form's row or the CSV file's line (1-based), for the errors.</param>
/// <param name="Reference">The dossier's reference (the CSV) ; or <paramref name="DossierId"/> (the form).</param>
/// <param name="Decision"><c>granted</c> or <c>refused</c> (the CSV's French words are read by <see cref="CpDecisionCsv"/>).</param>
public sealed record CpEntry(int Row, string? Reference, string? DossierId, string? Decision, string? Amount, string? Reasons);

/// <summary>What the session page shows: the campaign, the session and the dossiers waiting for the CP's decision.</summary>
public sealed record CpSessionView(Campaign Campaign, CpSession Session, IReadOnlyList<AwaitingDossier> Awaiting);

/// <summary>
/// The sessions of the Commission permanente (<c>/commission/{token}</c>). The secretariat opens a session with its date,
/// then enters the decisions on the dossiers that have the jury's opinion (their journey waits for <c>cp-decision</c>), by
/// form or as a CSV of the deliberation. Every row is checked with the per-dossier <c>cp-decision</c> action's own rules
/// (<see cref="ActionDecisionRules"/>: an amount within the cap and the request, reasons for a refusal, the session's date
/// as <c>cpDate</c>), plus unknown and duplicate references; while one row is wrong nothing is recorded. Then the
/// decisions are kept on the session, each dossier is claimed by the session (the dossier id and session id are the
/// idempotency key) and decided through <see cref="ActionService.DecideAwaitedAsync"/> as <c>cp</c>: once, and the same
/// session submitted again does nothing more. The journeys mail every holder their decision, as for a mailed link.
/// </summary>
public sealed class CpSessions(
    WorkspaceDossiers workspace,
    ICpSessionStore sessions,
    ActionService actions,
    TimeProvider clock,
    ILogger<CpSessions> logger)
{
    public const string Actor = "cp";

    /// <summary>Opens a session on <paramref name="date"/>; <paramref name="formKey"/> (the form's own key) makes a double post open one session.</summary>
    public Task<CpSession> OpenAsync(string campaignId, DateOnly date, string formKey, CancellationToken cancellationToken)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(campaignId + "|" + formKey)))[..8];
        var session = new CpSession
        {
            CampaignId = campaignId,
            SessionId = date.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + "-" + hash,
            Date = date,
            OpenedAt = clock.GetUtcNow(),
        };
        return sessions.OpenAsync(session, cancellationToken);
    }

    public Task<IReadOnlyList<CpSession>> ListAsync(string campaignId, CancellationToken cancellationToken) => sessions.ListAsync(campaignId, cancellationToken);

    public async Task<CpSessionView?> ViewAsync(string campaignId, string sessionId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var campaign = await workspace.CampaignAsync(campaignId, cancellationToken);
        var session = campaign is null ? null : await sessions.GetAsync(campaignId, sessionId, cancellationToken);
        if (campaign is null || session is null)
        {
            return null;
        }

        var awaiting = session.State == CpSessionState.Open
            ? await workspace.AwaitingAsync(await workspace.ListAsync(campaignId, DossierStatus.Cp, cancellationToken), JourneySteps.CpDecision, client, cancellationToken)
            : [];
        return new CpSessionView(campaign, session, awaiting);
    }

    /// <summary>Checks every entry, then (all right) records the session's decisions once; see the class.</summary>
    public async Task<WorkspaceSubmission> SubmitAsync(string campaignId, string sessionId, IReadOnlyList<CpEntry> entries, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var view = await ViewAsync(campaignId, sessionId, client, cancellationToken) ?? throw new InvalidOperationException("session not found");
        var session = view.Session;
        if (session.State == CpSessionState.Submitted)
        {
            return WorkspaceSubmission.Already([.. session.Decisions.Select(d => d.Reference)]);
        }

        if (session.State == CpSessionState.Open)
        {
            var (decisions, rowErrors, errors) = Check(view, entries);
            if (rowErrors.Count > 0 || errors.Count > 0)
            {
                return WorkspaceSubmission.Invalid(rowErrors, errors);
            }

            // The valid decisions are kept on the session first: a retry after a crash resumes them, whatever it posts.
            if (!await sessions.TryUpdateAsync(session with { State = CpSessionState.Submitting, Decisions = decisions }, cancellationToken))
            {
                var now = await sessions.GetAsync(campaignId, sessionId, cancellationToken);
                return WorkspaceSubmission.Already([.. (now?.Decisions ?? []).Select(d => d.Reference)]);
            }

            session = await sessions.GetAsync(campaignId, sessionId, cancellationToken) ?? throw new InvalidOperationException("session vanished");
        }

        return await RecordAsync(session, client, cancellationToken);
    }

    private async Task<WorkspaceSubmission> RecordAsync(CpSession session, DurableTaskClient client, CancellationToken cancellationToken)
    {
        // Each dossier claimed by the session, then decided once, a few at a time; the session's order is kept.
        var outcomes = new CpSessionDecision[session.Decisions.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, outcomes.Length), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var d = session.Decisions[i];
            var holder = await sessions.ClaimAsync(session.CampaignId, d.DossierId, session.SessionId, ct);
            if (holder != session.SessionId)
            {
                outcomes[i] = d with { Outcome = "other-session" };
                return;
            }

            var claims = new ActionClaims(d.DossierId, JourneySteps.CpDecision, d.Attempt, Actor, StepCatalog.DecisionsOf(JourneySteps.CpDecision), session.OpenedAt.AddDays(1));
            var body = new ActionBody
            {
                Decision = d.Decision,
                Comment = d.Reasons,
                Fields = new Dictionary<string, string?>(StringComparer.Ordinal)
                {
                    [StepFields.Amount] = d.Amount?.ToDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    [StepFields.CpDate] = session.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                },
            };
            var result = await actions.DecideAwaitedAsync(claims, body, client, ct);
            var ours = result.Kind == ActionResultKind.Ok || (result.Code == "already-decided" && result.Decision?.Actor == Actor);
            outcomes[i] = d with { Outcome = ours ? "recorded" : result.Code ?? "not-recorded" };
        });
        var done = outcomes.ToList();

        var submitted = session with { State = CpSessionState.Submitted, Decisions = done, SubmittedAt = clock.GetUtcNow() };
        if (!await sessions.TryUpdateAsync(submitted, cancellationToken))
        {
            // Another request finished the same session meanwhile: its record stands (the decisions counted once either way).
            logger.LogWarning("Campaign {CampaignId}: CP session {SessionId} finished by another request", session.CampaignId, session.SessionId);
        }

        logger.LogInformation("Campaign {CampaignId}: CP session {SessionId} submitted, {Count} decision(s)", session.CampaignId, session.SessionId, done.Count(x => x.Outcome == "recorded"));
        return new WorkspaceSubmission(
            WorkspaceOutcome.Recorded,
            new Dictionary<int, IReadOnlyList<FieldError>>(),
            [],
            [.. done.Where(x => x.Outcome == "recorded").Select(x => x.Reference)],
            [.. done.Where(x => x.Outcome != "recorded").Select(x => x.Reference + " : " + (x.Outcome == "other-session" ? "décidé par une autre séance" : "le dossier n'attend plus de décision"))]);
    }

    /// <summary>Every entry against the dossiers waiting for the CP and the cp-decision rules; every problem listed by row.</summary>
    private (List<CpSessionDecision> Decisions, Dictionary<int, IReadOnlyList<FieldError>> RowErrors, List<string> Errors) Check(CpSessionView view, IReadOnlyList<CpEntry> entries)
    {
        var byId = view.Awaiting.ToDictionary(a => a.Dossier.DossierId, StringComparer.Ordinal);
        var byReference = view.Awaiting.ToDictionary(a => a.Dossier.Reference, StringComparer.OrdinalIgnoreCase);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var rowErrors = new Dictionary<int, IReadOnlyList<FieldError>>();
        var decisions = new List<CpSessionDecision>();
        var errors = new List<string>();
        if (entries.Count == 0)
        {
            errors.Add("Choisissez au moins un dossier et sa décision.");
        }

        var now = clock.GetUtcNow();
        foreach (var entry in entries)
        {
            var key = entry.Reference?.Trim() ?? "";
            AwaitingDossier? dossier = entry.DossierId is { } id ? byId.GetValueOrDefault(id) : byReference.GetValueOrDefault(key);
            if (dossier is null)
            {
                rowErrors[entry.Row] = [key.Length == 0 && entry.DossierId is null
                    ? new FieldError("reference", ErrorCodes.Required, "Indiquez la référence du dossier.")
                    : new FieldError("reference", "unknown-reference", $"Référence inconnue « {key} » : aucun dossier de cette campagne n'attend la décision de la Commission permanente sous cette référence.")];
                continue;
            }

            if (seen.TryGetValue(dossier.Dossier.DossierId, out var first))
            {
                rowErrors[entry.Row] = [new FieldError("reference", "duplicate-reference", $"Le dossier {dossier.Dossier.Reference} figure déjà à la ligne {first}.")];
                continue;
            }

            seen[dossier.Dossier.DossierId] = entry.Row;
            var claims = new ActionClaims(dossier.Dossier.DossierId, JourneySteps.CpDecision, dossier.Attempt, Actor, StepCatalog.DecisionsOf(JourneySteps.CpDecision), now.AddDays(1));
            var body = new ActionBody
            {
                Decision = entry.Decision,
                Comment = entry.Reasons,
                Fields = new Dictionary<string, string?>(StringComparer.Ordinal)
                {
                    [StepFields.Amount] = entry.Decision?.Trim() == JourneyDecisions.Granted ? entry.Amount : null,
                    [StepFields.CpDate] = view.Session.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                },
            };
            var rules = ActionDecisionRules.Check(claims, body, dossier.Dossier, view.Campaign, now, out var decision);
            if (rules.Count > 0)
            {
                rowErrors[entry.Row] = rules;
                continue;
            }

            decisions.Add(new CpSessionDecision(
                dossier.Dossier.DossierId,
                dossier.Dossier.Reference,
                dossier.Dossier.HolderName,
                dossier.Dossier.ActionTitle,
                dossier.Dossier.RequestedAmount,
                dossier.Opinion?.Decision ?? "",
                dossier.Opinion?.Details.ProposedAmount,
                decision!.Decision,
                decision.Details.Amount,
                decision.Comment,
                Attempt: dossier.Attempt));
        }

        return (decisions, rowErrors, errors);
    }
}
