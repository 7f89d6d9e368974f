using Ami.Workflow.Activities;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Scanning;
using Ami.Workflow.Workspaces;
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

/// <summary>
/// The activities' bindings: the Functions host indexes one <c>[Function]</c> method per activity, so each stays one line
/// that runs its declaration in <see cref="JourneyActivities"/> (the one list: name, class, input, output).
/// <c>ActivityBindingTests</c> checks these against it: the same names, inputs and outputs.
/// </summary>
public sealed class JourneyActivityFunctions(IServiceProvider services)
{
    [Function(ActivityNames.LoadJourneyPlan)]
    public Task<JourneyPlan> LoadJourneyPlan([ActivityTrigger] JourneyPlanRequest input, CancellationToken cancellationToken) =>
        JourneyActivities.LoadJourneyPlan.RunAsync(services, input, cancellationToken);

    [Function(ActivityNames.RecordTransition)]
    public Task<bool> RecordTransition([ActivityTrigger] TransitionRequest input, CancellationToken cancellationToken) =>
        JourneyActivities.RecordTransition.RunAsync(services, input, cancellationToken);

    [Function(ActivityNames.SendMail)]
    public Task<int> SendMail([ActivityTrigger] MailRequest input, CancellationToken cancellationToken) =>
        JourneyActivities.SendMail.RunAsync(services, input, cancellationToken);

    [Function(ActivityNames.SendActionLinks)]
    public Task<ActionLinksSent> SendActionLinks([ActivityTrigger] ActionLinksRequest input, CancellationToken cancellationToken) =>
        JourneyActivities.SendActionLinks.RunAsync(services, input, cancellationToken);

    [Function(ActivityNames.CancelPendingActions)]
    public Task<int> CancelPendingActions([ActivityTrigger] string dossierId, CancellationToken cancellationToken) =>
        JourneyActivities.CancelPendingActions.RunAsync(services, dossierId, cancellationToken);

    [Function(ActivityNames.AggregateJury)]
    public Task<JurySummary> AggregateJury([ActivityTrigger] JuryRequest input, CancellationToken cancellationToken) =>
        JourneyActivities.AggregateJury.RunAsync(services, input, cancellationToken);

    [Function(ActivityNames.RecordCpDecision)]
    public Task<bool> RecordCpDecision([ActivityTrigger] CpDecisionRequest input, CancellationToken cancellationToken) =>
        JourneyActivities.RecordCpDecision.RunAsync(services, input, cancellationToken);

    [Function(ActivityNames.RecordStart)]
    public Task<DateTimeOffset> RecordStart([ActivityTrigger] StartRequest input, CancellationToken cancellationToken) =>
        JourneyActivities.RecordStart.RunAsync(services, input, cancellationToken);

    [Function(ActivityNames.ReleaseInstalment)]
    public Task<InstalmentReleased> ReleaseInstalment([ActivityTrigger] InstalmentRequest input, CancellationToken cancellationToken) =>
        JourneyActivities.ReleaseInstalment.RunAsync(services, input, cancellationToken);

    [Function(ActivityNames.ReadDossierStatus)]
    public Task<Ami.Domain.States.DossierStatus> ReadDossierStatus([ActivityTrigger] string dossierId, CancellationToken cancellationToken) =>
        JourneyActivities.ReadDossierStatus.RunAsync(services, dossierId, cancellationToken);

    [Function(ActivityNames.ScanAttachments)]
    public Task<ScanReport> ScanAttachments([ActivityTrigger] ScanRequest input, CancellationToken cancellationToken) =>
        JourneyActivities.ScanAttachments.RunAsync(services, input, cancellationToken);

    [Function(ActivityNames.LoadCalendarPlan)]
    public Task<CalendarPlan?> LoadCalendarPlan([ActivityTrigger] string input, CancellationToken cancellationToken) =>
        JourneyActivities.LoadCalendarPlan.RunAsync(services, input, cancellationToken);

    [Function(ActivityNames.ReadCampaignJuryState)]
    public Task<CalendarJuryState> ReadCampaignJuryState([ActivityTrigger] string input, CancellationToken cancellationToken) =>
        JourneyActivities.ReadCampaignJuryState.RunAsync(services, input, cancellationToken);

    [Function(ActivityNames.SendCalendarMail)]
    public Task<int> SendCalendarMail([ActivityTrigger] CalendarMailRequest input, CancellationToken cancellationToken) =>
        JourneyActivities.SendCalendarMail.RunAsync(services, input, cancellationToken);
}
