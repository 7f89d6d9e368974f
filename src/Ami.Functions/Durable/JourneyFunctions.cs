using Ami.Workflow.Activities;
using Ami.Workflow.Orchestrations;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Ami.Functions.Durable;

/// <summary>The dossier journey and its activities, bound for the Functions host (the code is in Ami.Workflow).</summary>
public static class JourneyOrchestratorFunction
{
    [Function(JourneyNames.Orchestrator)]
    public static Task<JourneyOutcome> Run([OrchestrationTrigger] TaskOrchestrationContext context, JourneyInput input) =>
        DossierJourney.RunAsync(context, input);
}

/// <summary>Each activity forwards to its class (constructor-injected ports, resolved by the Functions host's DI).</summary>
public sealed class JourneyActivityFunctions(
    LoadJourneyPlanActivity loadPlan,
    RecordTransitionActivity recordTransition,
    SendMailActivity sendMail,
    SendActionLinksActivity sendActionLinks,
    CancelPendingActionsActivity cancelPendingActions,
    AggregateJuryActivity aggregateJury,
    RecordCpDecisionActivity recordCpDecision,
    RecordStartActivity recordStart,
    ReleaseInstalmentActivity releaseInstalment,
    ReadDossierStatusActivity readDossierStatus)
{
    [Function(ActivityNames.LoadJourneyPlan)]
    public Task<JourneyPlan> LoadJourneyPlan([ActivityTrigger] JourneyPlanRequest input, CancellationToken cancellationToken) =>
        loadPlan.ExecuteAsync(input, cancellationToken);

    [Function(ActivityNames.RecordTransition)]
    public Task<bool> RecordTransition([ActivityTrigger] TransitionRequest input, CancellationToken cancellationToken) =>
        recordTransition.ExecuteAsync(input, cancellationToken);

    [Function(ActivityNames.SendMail)]
    public Task<int> SendMail([ActivityTrigger] MailRequest input, CancellationToken cancellationToken) =>
        sendMail.ExecuteAsync(input, cancellationToken);

    [Function(ActivityNames.SendActionLinks)]
    public Task<ActionLinksSent> SendActionLinks([ActivityTrigger] ActionLinksRequest input, CancellationToken cancellationToken) =>
        sendActionLinks.ExecuteAsync(input, cancellationToken);

    [Function(ActivityNames.CancelPendingActions)]
    public Task<int> CancelPendingActions([ActivityTrigger] string dossierId, CancellationToken cancellationToken) =>
        cancelPendingActions.ExecuteAsync(dossierId, cancellationToken);

    [Function(ActivityNames.AggregateJury)]
    public Task<JurySummary> AggregateJury([ActivityTrigger] JuryRequest input, CancellationToken cancellationToken) =>
        aggregateJury.ExecuteAsync(input, cancellationToken);

    [Function(ActivityNames.RecordCpDecision)]
    public Task<bool> RecordCpDecision([ActivityTrigger] CpDecisionRequest input, CancellationToken cancellationToken) =>
        recordCpDecision.ExecuteAsync(input, cancellationToken);

    [Function(ActivityNames.RecordStart)]
    public Task<DateTimeOffset> RecordStart([ActivityTrigger] StartRequest input, CancellationToken cancellationToken) =>
        recordStart.ExecuteAsync(input, cancellationToken);

    [Function(ActivityNames.ReleaseInstalment)]
    public Task<InstalmentReleased> ReleaseInstalment([ActivityTrigger] InstalmentRequest input, CancellationToken cancellationToken) =>
        releaseInstalment.ExecuteAsync(input, cancellationToken);

    [Function(ActivityNames.ReadDossierStatus)]
    public Task<Ami.Domain.States.DossierStatus> ReadDossierStatus([ActivityTrigger] string dossierId, CancellationToken cancellationToken) =>
        readDossierStatus.ExecuteAsync(dossierId, cancellationToken);
}
