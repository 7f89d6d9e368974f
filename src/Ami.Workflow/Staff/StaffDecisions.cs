using Ami.Workflow.Actions;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;
using Ami.Workflow.Steps;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Ami.Workflow.Staff;

/// <summary>
/// A staff step (those of <see cref="StepCatalog.StaffPageSteps"/>: validation, audition, bilan validation) decided from the dossier's page by the signed-in person. It
/// takes the mailed link's path: the same rules (<see cref="ActionDecisionRules"/>), the same step row that lets only
/// the first decision count (<see cref="IActionStore.TryDecideStepAsync"/>: a decision on the page and one through a
/// mailed link cannot both count), the same event to the journey. The decision's actor is the person
/// (<see cref="StaffPrincipal.Actor"/>, an id; <see cref="StaffDirectory"/> names them).
/// </summary>
public sealed class StaffDecisions(
    IActionStore actions,
    IDossierStore dossiers,
    ICampaignStore campaigns,
    TimeProvider clock,
    StaffDirectory directory,
    ILogger<StaffDecisions> logger)
{
    /// <summary>The status when it waits for a step a page decides, else null.</summary>
    public static JourneyStatus? Decidable(JourneyStatus? status) =>
        status is not null && StepCatalog.Of(status.Step)?.StaffPage is not null && status.AllowsAction(status.Step, status.Attempt) ? status : null;

    /// <summary>
    /// Decides <paramref name="step"/> at <paramref name="attempt"/> (the one the page showed: a page left open while
    /// the journey moved on is refused as <c>step-closed</c>, never applied to a later attempt).
    /// </summary>
    public async Task<ActionResult> DecideAsync(string dossierId, string step, int attempt, StaffPrincipal person, ActionBody body, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(client);
        var dossier = await dossiers.GetAsync(dossierId, cancellationToken);
        var campaign = dossier is null ? null : await campaigns.GetAsync(dossier.CampaignId, cancellationToken);
        if (dossier is null || campaign is null || StepCatalog.Of(step)?.StaffPage is null)
        {
            return new ActionResult(ActionResultKind.NotFound, "dossier-not-found");
        }

        var now = clock.GetUtcNow();
        var claims = new ActionClaims(dossierId, step, attempt, person.Actor, StepCatalog.DecisionsOf(step), now.AddDays(1));
        var context = new ActionContext(claims, dossier, campaign);
        var errors = ActionDecisionRules.Check(claims, body, dossier, campaign, now, out var decision);
        if (errors.Count > 0)
        {
            return new ActionResult(ActionResultKind.Invalid, "invalid-decision", claims, Errors: errors, Context: context);
        }

        var status = await client.GetSettledJourneyStatusAsync(dossierId, s => s.AllowsAction(step, attempt), cancellationToken);
        if (status is null || !status.AllowsAction(step, attempt))
        {
            return await AlreadyAsync(claims, context) ?? new ActionResult(ActionResultKind.Conflict, "step-closed", claims, Context: context);
        }

        // Who staff:{id} is, kept before the decision names them.
        await directory.RememberAsync(person, cancellationToken);
        if (!await actions.TryDecideStepAsync(decision!, cancellationToken))
        {
            logger.LogWarning("Dossier {DossierId}: {Step}#{Attempt} already decided, the page's decision refused", dossierId, step, attempt);
            return await AlreadyAsync(claims, context) ?? new ActionResult(ActionResultKind.Conflict, "already-decided", claims, Context: context);
        }

        var raised = await client.TryRaiseAsync(
            dossierId,
            JourneyEvents.ActionDecided,
            new ActionDecision(step, attempt, person.Actor, decision!.Decision, decision.Details.Audition ?? false),
            logger,
            s => s.AllowsAction(step, attempt),
            knownStatus: status,
            cancellationToken);
        if (raised != RaiseOutcome.Raised)
        {
            // Recorded: the journey picks a recorded decision up at its next reminder (as for a mailed link).
            return new ActionResult(ActionResultKind.Conflict, "step-closed", claims, decision, Context: context);
        }

        // Logs carry ids only: the person's name and address stay in storage.
        logger.LogInformation("Dossier {DossierId}: {Step}#{Attempt} decided from the staff page ({Source}): {Decision}", dossierId, step, attempt, person.Source, decision.Decision);
        return new ActionResult(ActionResultKind.Ok, Claims: claims, Decision: decision, Context: context);
    }

    private async Task<ActionResult?> AlreadyAsync(ActionClaims claims, ActionContext context)
    {
        var first = await actions.GetStepDecisionAsync(claims.DossierId, claims.Step, claims.Attempt, CancellationToken.None);
        return first is null
            ? null
            : new ActionResult(ActionResultKind.Conflict, "already-decided", claims, first, Context: context) { DecidedBy = await directory.NameAsync(first.Actor, CancellationToken.None) ?? ActionService.Decider(first.Actor, context.Campaign) };
    }
}
