using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Ami.Workflow.Workspaces;

/// <summary>
/// How the handlers talk to a campaign's calendar: start it (idempotent, from the client: the local host's engine
/// cannot start sub-orchestrations), and signal it. A signal to a calendar that is not running is dropped (logged).
/// </summary>
public static class CalendarClient
{
    /// <summary>Starts the calendar of <paramref name="campaignId"/> unless it exists (running or ended); true when started now.</summary>
    public static async Task<bool> StartCampaignCalendarAsync(this DurableTaskClient client, string campaignId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var id = CampaignCalendarNames.InstanceId(campaignId);
        if (await client.GetInstanceAsync(id, getInputsAndOutputs: false, cancellationToken) is not null)
        {
            return false;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(CampaignCalendarNames.Orchestrator, new CalendarInput(campaignId), new StartOrchestrationOptions(id), cancellationToken);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Started meanwhile by another request (two first filings at once): one calendar per campaign.
            if (await client.GetInstanceAsync(id, getInputsAndOutputs: false, CancellationToken.None) is null)
            {
                throw;
            }

            return false;
        }
    }

    /// <summary>The jury president submitted the opinions: the calendar invites the CP secretariat (once).</summary>
    public static Task<bool> RaiseOpinionsGivenAsync(this DurableTaskClient client, string campaignId, ILogger logger, CancellationToken cancellationToken) =>
        client.RaiseCalendarEventAsync(campaignId, CampaignEvents.OpinionsGiven, logger, cancellationToken);

    /// <summary>Raises <paramref name="eventName"/> (<see cref="CampaignEvents"/>) on the campaign's calendar when it runs; false otherwise.</summary>
    public static async Task<bool> RaiseCalendarEventAsync(this DurableTaskClient client, string campaignId, string eventName, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(logger);
        var id = CampaignCalendarNames.InstanceId(campaignId);
        var instance = await client.GetInstanceAsync(id, getInputsAndOutputs: false, cancellationToken);
        if (instance is not { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending })
        {
            logger.LogInformation("Campaign {CampaignId}: {Event} not raised, the calendar is not running ({Status})", campaignId, eventName, instance?.RuntimeStatus);
            return false;
        }

        await client.RaiseEventAsync(id, eventName, new CalendarSignal(), cancellationToken);
        return true;
    }
}
