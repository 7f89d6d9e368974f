using Ami.Domain.Campaigns;

namespace Ami.Workflow.Ports;

/// <summary>Campaigns: loaded from <c>campaigns/*.json</c> at start and managed by staff (<c>POST /api/campaigns</c>).</summary>
public interface ICampaignStore
{
    /// <summary>The campaign as stored now.</summary>
    Task<Campaign?> GetAsync(string campaignId, CancellationToken cancellationToken);

    /// <summary>
    /// The campaign as stored now or read at most a couple of seconds ago: for the one read per submission
    /// on the busiest day. Anything that decides the journey (plans, timers, amounts) uses <see cref="GetAsync"/>.
    /// </summary>
    Task<Campaign?> GetRecentAsync(string campaignId, CancellationToken cancellationToken) => GetAsync(campaignId, cancellationToken);

    Task<IReadOnlyList<Campaign>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Creates or replaces; true when it was created.</summary>
    Task<bool> UpsertAsync(Campaign campaign, CancellationToken cancellationToken);
}
