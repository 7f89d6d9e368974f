using Ami.Domain.Payments;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Payments;

/// <summary>
/// A granted dossier's <see cref="GrantPlan"/>: the one stored with the grant, or, for a dossier granted before
/// plans were stored, the plan it will be frozen to at its next release (<see cref="GrantPlan.Resume"/>: the
/// campaign as it is now, the instalments already paid as they were paid).
/// </summary>
public sealed class GrantPlans(ICampaignStore campaigns, IPaymentLedger ledger)
{
    /// <summary>Null when the dossier has no grant (or its campaign is gone).</summary>
    public async Task<GrantPlan?> GetAsync(DossierRecord dossier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        if (dossier.Plan is { } frozen)
        {
            return frozen;
        }

        if (dossier.GrantedAmount is not { Cents: > 0 } grant || await campaigns.GetAsync(dossier.CampaignId, cancellationToken) is not { } campaign)
        {
            return null;
        }

        var paid = await ledger.ListAsync(dossier.DossierId, cancellationToken);
        return GrantPlan.Resume(grant, campaign, [.. paid.Select(p => new Instalment(p.Number, p.Percent, p.Amount))]);
    }
}
