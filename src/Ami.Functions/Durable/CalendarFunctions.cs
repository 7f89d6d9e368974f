using Ami.Workflow.Workspaces;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Ami.Functions.Durable;

/// <summary>The campaign's calendar orchestration, bound for the Functions host (the code is in Ami.Workflow; its activities are bound with the others in <see cref="JourneyActivityFunctions"/>).</summary>
public static class CalendarFunctions
{
    [Function(CampaignCalendarNames.Orchestrator)]
    public static Task<CalendarOutcome> Run([OrchestrationTrigger] TaskOrchestrationContext context, CalendarInput input) =>
        CampaignCalendar.RunAsync(context, input);
}
