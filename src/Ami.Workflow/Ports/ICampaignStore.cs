using Ami.Domain.Campaigns;

namespace Ami.Workflow.Ports;

/// <summary>Campaigns: loaded from <c>campaigns/*.json</c> at start and managed by staff (<c>POST /api/campaigns</c>).</summary>
public interface ICampaignStore
{
    Task<Campaign?> GetAsync(string campaignId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Campaign>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Creates or replaces; true when it was created.</summary>
    Task<bool> UpsertAsync(Campaign campaign, CancellationToken cancellationToken);
}
