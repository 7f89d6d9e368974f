using Ami.Workflow.Activities;
using Ami.Workflow.Orchestrations;
using Microsoft.DurableTask;

namespace Ami.Workflow;

/// <summary>
/// The orchestrations and activities of the journey, registered once for every engine: the local
/// host's worker and the tests' DurableTaskTestHost (the activities from <see cref="JourneyActivities.All"/>).
/// Ami.Functions binds the same methods with [OrchestrationTrigger]/[ActivityTrigger].
/// </summary>
public static class WorkflowTasks
{
    public static DurableTaskRegistry AddAmiTasks(this DurableTaskRegistry registry) => registry.AddAmiTasks(context => context);

    /// <summary>The same, the journey seeing its context through <paramref name="view"/> (a test's engine that fires timers early).</summary>
    internal static DurableTaskRegistry AddAmiTasks(this DurableTaskRegistry registry, Func<TaskOrchestrationContext, TaskOrchestrationContext> view)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(view);
        // A lambda rather than a method group: the Durable Task analyzers (1.28) crash on a method group from another file.
        registry.AddOrchestratorFunc<JourneyInput, JourneyOutcome>(JourneyNames.Orchestrator, (context, input) => DossierJourney.RunAsync(view(context), input));
        registry.AddOrchestratorFunc<Scanning.ScanRun, Scanning.ScanOutcome>(Scanning.AttachmentScan.Orchestrator, (context, input) => Scanning.AttachmentScan.RunAsync(context, input));
        registry.AddOrchestratorFunc<Workspaces.CalendarInput, Workspaces.CalendarOutcome>(Workspaces.CampaignCalendarNames.Orchestrator, (context, input) => Workspaces.CampaignCalendar.RunAsync(context, input));
        return registry.AddJourneyActivities();
    }
}
