using Ami.Domain.Campaigns;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Activities;

/// <summary>Reads the campaign and hands the orchestrator its instants, durations and head counts (no addresses).</summary>
public sealed class LoadJourneyPlanActivity(ICampaignStore campaigns) : JourneyActivity<JourneyPlanRequest, JourneyPlan>
{
    public override async Task<JourneyPlan> ExecuteAsync(JourneyPlanRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var campaign = await campaigns.GetAsync(input.CampaignId, cancellationToken)
            ?? throw new InvalidOperationException($"Campaign {input.CampaignId} of dossier {input.DossierId} not found.");
        var closesAt = campaign.Deadline.ClosesAt;
        return new JourneyPlan(
            closesAt,
            campaign.JuryDueAt(),
            campaign.Staff.Count,
            campaign.Jurors.Count,
            campaign.InstalmentPercents.Count,
            campaign.Schedule);
    }
}
