using System.Text.Json;
using Ami.Domain.Campaigns;
using Ami.Domain.Json;
using Ami.Domain.Validation;
using Ami.Workflow.Activities;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;
using Ami.Workflow.Steps;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Ami.Workflow.Actions;

public enum ActionResultKind
{
    /// <summary>GET: the page can be shown. POST: the decision was recorded and handed to the journey.</summary>
    Ok,

    /// <summary>Tampered, signed with an unknown key, or no such link: 404.</summary>
    NotFound,

    /// <summary>Expired, already used, or voided: 410.</summary>
    Gone,

    /// <summary>The step is decided (by another person) or no longer awaited: 409.</summary>
    Conflict,

    /// <summary>The body breaks the step's rules: 400 with every field error.</summary>
    Invalid,
}

/// <summary>What became of a link that was opened or used.</summary>
/// <param name="Decision">The decision recorded by this request or, for <c>already-decided</c>, the one that was first.</param>
/// <param name="Code">Stable reason: <c>expired</c>, <c>used</c>, <c>replaced</c> (a newer link of the same person acted), <c>cancelled</c>, <c>already-decided</c>, <c>step-closed</c>, <c>unknown-link</c>.</param>
public sealed record ActionResult(
    ActionResultKind Kind,
    string? Code = null,
    ActionClaims? Claims = null,
    StepDecision? Decision = null,
    IReadOnlyList<FieldError>? Errors = null,
    ActionContext? Context = null)
{
    /// <summary>For <c>already-decided</c>: who decided the step first (their address when the campaign names them).</summary>
    public string? DecidedBy { get; init; }
}

/// <summary>What a link's page shows: the dossier, its campaign and, for the jury, the aggregated scores.</summary>
public sealed record ActionContext(ActionClaims Claims, DossierRecord Dossier, Campaign Campaign);

/// <summary>
/// Opens and uses signed action links: the one path that both hosts' handlers and the tests take. A link acts
/// once; a step is decided once; an event is raised only when the journey waits for that step and attempt.
/// </summary>
public sealed class ActionService(
    ActionLinkSigner signer,
    IActionStore actions,
    IDossierStore dossiers,
    ICampaignStore campaigns,
    TimeProvider clock,
    ILogger<ActionService> logger,
    Staff.StaffDirectory? people = null)
{
    /// <summary>GET: checks the link without acting (mail scanners prefetch links).</summary>
    public async Task<ActionResult> OpenAsync(string token, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (check, link) = await CheckLinkAsync(token, cancellationToken);
        if (check is not null)
        {
            return check;
        }

        var claims = link!.Value.Claims;
        var context = await ContextAsync(claims, cancellationToken);
        if (context is null)
        {
            return new ActionResult(ActionResultKind.NotFound, "unknown-link");
        }

        var status = await client.GetSettledJourneyStatusAsync(claims.DossierId, s => s.AllowsAction(claims.Step, claims.Attempt), cancellationToken);
        if (status is null || !status.AllowsAction(claims.Step, claims.Attempt))
        {
            return await DecidedByAnotherAsync(claims, context.Campaign, cancellationToken)
                ?? new ActionResult(ActionResultKind.Conflict, "step-closed", claims, Context: context);
        }

        return new ActionResult(ActionResultKind.Ok, Claims: claims, Context: await WithJuryOpinionAsync(context, cancellationToken));
    }

    /// <summary>POST: records the decision and hands it to the journey.</summary>
    public async Task<ActionResult> DecideAsync(string token, ActionBody body, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(client);
        var (check, link) = await CheckLinkAsync(token, cancellationToken);
        if (check is not null)
        {
            if (check.Code == "used")
            {
                await HandOverRecordedAsync(check.Claims!, client, cancellationToken);
            }

            return check;
        }

        var (claims, record) = link!.Value;
        var context = await ContextAsync(claims, cancellationToken);
        if (context is null)
        {
            return new ActionResult(ActionResultKind.NotFound, "unknown-link");
        }

        var errors = ActionDecisionRules.Check(claims, body, context.Dossier, context.Campaign, clock.GetUtcNow(), out var decision);
        if (errors.Count > 0)
        {
            return new ActionResult(ActionResultKind.Invalid, "invalid-decision", claims, Errors: errors, Context: context);
        }

        decision = decision! with { LinkExpiresAt = claims.ExpiresAt };

        var status = await client.GetSettledJourneyStatusAsync(claims.DossierId, s => s.AllowsAction(claims.Step, claims.Attempt), cancellationToken);
        if (status is null || !status.AllowsAction(claims.Step, claims.Attempt))
        {
            logger.LogWarning("Dossier {DossierId}: {Step}#{Attempt} link used by {Actor} while the journey waits for {Awaited}", claims.DossierId, claims.Step, claims.Attempt, claims.Actor, status?.Step);
            return await DecidedByAnotherAsync(claims, context.Campaign, cancellationToken)
                ?? new ActionResult(ActionResultKind.Conflict, "step-closed", claims);
        }

        if (IsSingleDecider(claims.Step))
        {
            // The step row decides who was first; the link row then records that this link was used.
            if (!await actions.TryDecideStepAsync(decision!, cancellationToken))
            {
                var first = await actions.GetStepDecisionAsync(claims.DossierId, claims.Step, claims.Attempt, cancellationToken);
                if (first is not null && string.Equals(first.Actor, claims.Actor, StringComparison.Ordinal))
                {
                    // This person's own decision, recorded by a process that died before marking the link: it stands.
                    decision = first;
                }
                else
                {
                    logger.LogWarning("Dossier {DossierId}: {Step}#{Attempt} already decided, {Actor} refused", claims.DossierId, claims.Step, claims.Attempt, claims.Actor);
                    await actions.TryMarkAsync(record, ActionLinkStatus.Superseded, decision, cancellationToken);
                    return first is null
                        ? new ActionResult(ActionResultKind.Conflict, "already-decided", claims)
                        : new ActionResult(ActionResultKind.Conflict, "already-decided", claims, first) { DecidedBy = await DeciderAsync(first.Actor, context.Campaign, cancellationToken) };
                }
            }

            await actions.TryMarkAsync(record, ActionLinkStatus.Used, decision, cancellationToken);
        }
        else if (!await actions.TryMarkAsync(record, ActionLinkStatus.Used, decision, cancellationToken))
        {
            return new ActionResult(ActionResultKind.Gone, "used", claims);
        }

        var raised = await client.TryRaiseAsync(
            claims.DossierId,
            JourneyEvents.ActionDecided,
            new ActionDecision(claims.Step, claims.Attempt, claims.Actor, decision!.Decision, decision.Details.Audition ?? false),
            logger,
            s => s.AllowsAction(claims.Step, claims.Attempt),
            knownStatus: status,
            cancellationToken);
        if (raised != RaiseOutcome.Raised)
        {
            // Recorded but the journey moved on meanwhile: the journey picks recorded decisions up at its next
            // reminder; the person is told the step is closed.
            return new ActionResult(ActionResultKind.Conflict, "step-closed", claims, decision);
        }

        logger.LogInformation("Dossier {DossierId}: {Step}#{Attempt} decided by {Actor}: {Decision}", claims.DossierId, claims.Step, claims.Attempt, claims.Actor, decision.Decision);
        return new ActionResult(ActionResultKind.Ok, Claims: claims, Decision: decision, Context: context);
    }

    /// <summary>
    /// Decides the step a person's campaign-wide workspace offers (the jury president's opinions, a CP session's decisions),
    /// without a mailed link: the same rules (<see cref="ActionDecisionRules"/>), the same step row that lets one decision
    /// count once (<see cref="IActionStore.TryDecideStepAsync"/>, shared with the mailed links), the same event to the
    /// journey. <paramref name="claims"/> name the dossier, the step and attempt the page showed, and the actor (e.g.
    /// <c>president</c>, <c>cp</c>). A step this actor already decided (the same page posted again, or a process that died
    /// before handing the decision over) is handed to the journey again only while it still waits for it, and answered
    /// <c>already-decided</c> with the first decision: never a second effect.
    /// </summary>
    public async Task<ActionResult> DecideAwaitedAsync(ActionClaims claims, ActionBody body, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(client);
        var context = await ContextAsync(claims, cancellationToken);
        if (context is null)
        {
            return new ActionResult(ActionResultKind.NotFound, "unknown-link");
        }

        var errors = ActionDecisionRules.Check(claims, body, context.Dossier, context.Campaign, clock.GetUtcNow(), out var decision);
        if (errors.Count > 0)
        {
            return new ActionResult(ActionResultKind.Invalid, "invalid-decision", claims, Errors: errors, Context: context);
        }

        var status = await client.GetSettledJourneyStatusAsync(claims.DossierId, s => s.AllowsAction(claims.Step, claims.Attempt), cancellationToken);
        if (status is null || !status.AllowsAction(claims.Step, claims.Attempt))
        {
            var decided = await actions.GetStepDecisionAsync(claims.DossierId, claims.Step, claims.Attempt, cancellationToken);
            return new ActionResult(ActionResultKind.Conflict, decided is null ? "step-closed" : "already-decided", claims, decided, Context: context)
                { DecidedBy = decided is null ? null : await DeciderAsync(decided.Actor, context.Campaign, cancellationToken) };
        }

        if (!await actions.TryDecideStepAsync(decision!, cancellationToken))
        {
            var first = await actions.GetStepDecisionAsync(claims.DossierId, claims.Step, claims.Attempt, cancellationToken);
            if (first is null || !string.Equals(first.Actor, claims.Actor, StringComparison.Ordinal))
            {
                return new ActionResult(ActionResultKind.Conflict, "already-decided", claims, first, Context: context)
                    { DecidedBy = first is null ? null : await DeciderAsync(first.Actor, context.Campaign, cancellationToken) };
            }

            // This actor's own decision: handed over again if the journey still waits for it (it takes a decision once).
            await client.TryRaiseAsync(claims.DossierId, JourneyEvents.ActionDecided, new ActionDecision(claims.Step, claims.Attempt, claims.Actor, first.Decision), logger, s => s.AllowsAction(claims.Step, claims.Attempt), knownStatus: status, cancellationToken);
            return new ActionResult(ActionResultKind.Conflict, "already-decided", claims, first, Context: context);
        }

        var raised = await client.TryRaiseAsync(
            claims.DossierId,
            JourneyEvents.ActionDecided,
            new ActionDecision(claims.Step, claims.Attempt, claims.Actor, decision!.Decision),
            logger,
            s => s.AllowsAction(claims.Step, claims.Attempt),
            knownStatus: status,
            cancellationToken);
        if (raised != RaiseOutcome.Raised)
        {
            // Recorded: the journey picks a recorded decision up at its next reminder (as for a mailed link).
            return new ActionResult(ActionResultKind.Conflict, "step-closed", claims, decision, Context: context);
        }

        logger.LogInformation("Dossier {DossierId}: {Step}#{Attempt} decided from the workspace of {Actor}: {Decision}", claims.DossierId, claims.Step, claims.Attempt, claims.Actor, decision.Decision);
        return new ActionResult(ActionResultKind.Ok, Claims: claims, Decision: decision, Context: context);
    }

    /// <summary>
    /// A used link posted again: if the process that recorded its decision died before handing it to the journey
    /// (the person then retries), the journey still waits for that step: the recorded decision is handed over now
    /// rather than at the journey's next reminder. The journey takes a decision once (a repeat is ignored).
    /// </summary>
    private async Task HandOverRecordedAsync(ActionClaims claims, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var record = await actions.GetAsync(claims.DossierId, claims.Step, claims.Attempt, claims.Actor, cancellationToken);
        if (record is not { Status: ActionLinkStatus.Used, Decision: { } decision })
        {
            return;
        }

        var status = await client.GetJourneyStatusAsync(claims.DossierId, cancellationToken);
        if (status is null || !status.AllowsAction(claims.Step, claims.Attempt))
        {
            return;
        }

        var raised = await client.TryRaiseAsync(
            claims.DossierId,
            JourneyEvents.ActionDecided,
            new ActionDecision(claims.Step, claims.Attempt, claims.Actor, decision.Decision, decision.Details.Audition ?? false),
            logger,
            s => s.AllowsAction(claims.Step, claims.Attempt),
            knownStatus: status,
            cancellationToken);
        logger.LogWarning("Dossier {DossierId}: {Step}#{Attempt} decision of {Actor} was recorded but the journey still waited for it; handed over again ({Outcome})", claims.DossierId, claims.Step, claims.Attempt, claims.Actor, raised);
    }

    /// <summary>
    /// The 409 <c>already-decided</c> of a step that another person decided first, naming them; null when the
    /// step is not a single-decider step or nobody else decided it.
    /// </summary>
    private async Task<ActionResult?> DecidedByAnotherAsync(ActionClaims claims, Campaign campaign, CancellationToken cancellationToken)
    {
        if (!IsSingleDecider(claims.Step)
            || await actions.GetStepDecisionAsync(claims.DossierId, claims.Step, claims.Attempt, cancellationToken) is not { } first
            || string.Equals(first.Actor, claims.Actor, StringComparison.Ordinal))
        {
            return null;
        }

        return new ActionResult(ActionResultKind.Conflict, "already-decided", claims, first) { DecidedBy = await DeciderAsync(first.Actor, campaign, cancellationToken) };
    }

    /// <summary>As <see cref="Decider"/>, naming a person who decided on a staff page (<c>staff:{id}</c>).</summary>
    private async Task<string> DeciderAsync(string actor, Campaign campaign, CancellationToken cancellationToken) =>
        people is not null && await people.NameAsync(actor, cancellationToken) is { } name ? name : Decider(actor, campaign);

    /// <summary>Who an actor id is: the campaign's address for that person, or the id itself.</summary>
    public static string Decider(string actor, Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(campaign);
        string? address = actor switch
        {
            "president" => campaign.JuryPresident,
            "cp" => campaign.CpSecretariat,
            _ when ActionKeys.IndexOf(actor, RecipientRole.Staff) is { } i => Mail.MailNotifier.StaffAddress(campaign, i),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(address) ? actor : $"{actor} ({address.Trim()})";
    }

    private async Task<(ActionResult? Refused, (ActionClaims Claims, ActionRecord Record)? Link)> CheckLinkAsync(string token, CancellationToken cancellationToken)
    {
        switch (signer.Verify(token, clock.GetUtcNow(), out var claims))
        {
            case LinkCheck.Invalid:
                logger.LogWarning("Action link refused: not a valid token");
                return (new ActionResult(ActionResultKind.NotFound, "unknown-link"), null);
            case LinkCheck.Expired:
                logger.LogInformation("Dossier {DossierId}: expired {Step}#{Attempt} link of {Actor}", claims!.DossierId, claims.Step, claims.Attempt, claims.Actor);
                return (new ActionResult(ActionResultKind.Gone, "expired", claims), null);
        }

        var record = await actions.GetAsync(claims!.DossierId, claims.Step, claims.Attempt, claims.Actor, cancellationToken);
        if (record is null)
        {
            return (new ActionResult(ActionResultKind.NotFound, "unknown-link"), null);
        }

        return record.Status switch
        {
            ActionLinkStatus.Pending => (null, (claims, record)),
            ActionLinkStatus.Cancelled => (new ActionResult(ActionResultKind.Gone, "cancelled", claims), null),

            // A reminder mails the same person a newer link to the same step: when the newer one acted, this one never did.
            _ when record.Decision?.LinkExpiresAt is { } used && claims.ExpiresAt < used => (new ActionResult(ActionResultKind.Gone, "replaced", claims), null),
            _ => (new ActionResult(ActionResultKind.Gone, "used", claims), null),
        };
    }

    /// <summary>
    /// The CP's page shows the jury's opinion it decides on (its form has <see cref="FormPart.JuryOpinion"/>); until the CP decides, that opinion is only in the
    /// <c>jury-opinion</c> step's recorded decision (the dossier's <c>DecisionJson</c> is written with the CP's decision).
    /// </summary>
    private async Task<ActionContext> WithJuryOpinionAsync(ActionContext context, CancellationToken cancellationToken)
    {
        if (StepCatalog.Of(context.Claims.Step)?.Form.Contains(FormPart.JuryOpinion) != true || !string.IsNullOrEmpty(context.Dossier.DecisionJson)
            || await actions.GetStepDecisionAsync(context.Claims.DossierId, JourneySteps.JuryOpinion, context.Claims.Attempt, cancellationToken) is not { } opinion)
        {
            return context;
        }

        var report = new DecisionReport { Opinion = opinion.Decision, ProposedAmount = opinion.Details.ProposedAmount, JuryConclusions = opinion.Comment, Decision = "" };
        return context with { Dossier = context.Dossier with { DecisionJson = JsonSerializer.Serialize(report, AmiJson.Options) } };
    }

    private static bool IsSingleDecider(string step) => StepCatalog.Of(step)?.SingleDecider ?? true;

    private async Task<ActionContext?> ContextAsync(ActionClaims claims, CancellationToken cancellationToken)
    {
        var dossier = await dossiers.GetAsync(claims.DossierId, cancellationToken);
        var campaign = dossier is null ? null : await campaigns.GetAsync(dossier.CampaignId, cancellationToken);
        return dossier is null || campaign is null ? null : new ActionContext(claims, dossier, campaign);
    }
}
