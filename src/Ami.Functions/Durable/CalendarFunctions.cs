using Ami.Workflow.Workspaces;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Ami.Functions.Durable;

/// <summary>The campaign's calendar (orchestration and activities), bound for the Functions host (the code is in Ami.Workflow).</summary>
public sealed class CalendarFunctions(
    LoadCalendarPlanActivity loadPlan,
    ReadCampaignJuryStateActivity readState,
    SendCalendarMailActivity sendMail)
{
    [Function(CampaignCalendarNames.Orchestrator)]
    public static Task<CalendarOutcome> Run([OrchestrationTrigger] TaskOrchestrationContext context, CalendarInput input) =>
        CampaignCalendar.RunAsync(context, input);

    [Function(CalendarActivityNames.LoadCalendarPlan)]
    public Task<CalendarPlan?> LoadCalendarPlan([ActivityTrigger] string campaignId, CancellationToken cancellationToken) =>
        loadPlan.ExecuteAsync(campaignId, cancellationToken);

    [Function(CalendarActivityNames.ReadJuryState)]
    public Task<CalendarJuryState> ReadJuryState([ActivityTrigger] string campaignId, CancellationToken cancellationToken) =>
        readState.ExecuteAsync(campaignId, cancellationToken);

    [Function(CalendarActivityNames.SendCalendarMail)]
    public Task<int> SendCalendarMail([ActivityTrigger] CalendarMailRequest input, CancellationToken cancellationToken) =>
        sendMail.ExecuteAsync(input, cancellationToken);
}
