using Ami.Domain.Payments;
using Ami.Workflow.Payments;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Intake;

/// <summary>
/// The instalments of the status API: once a grant is decided, the campaign's plan (70 % / 30 % to the
/// cent, Ami.Domain), each <c>released</c> with its date when the payments ledger has it, else <c>planned</c>.
/// </summary>
public sealed class LedgerDossierViewExtras(IPaymentLedger ledger, ICampaignStore campaigns) : IDossierViewExtras
{
    public async Task<IReadOnlyList<InstalmentView>> GetInstalmentsAsync(DossierRecord dossier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        if (dossier.GrantedAmount is not { } grant || await campaigns.GetAsync(dossier.CampaignId, cancellationToken) is not { } campaign)
        {
            return [];
        }

        var released = (await ledger.ListAsync(dossier.DossierId, cancellationToken)).ToDictionary(p => p.Number);
        return InstalmentPlan.For(grant, campaign)
            .Select(i => released.TryGetValue(i.Number, out var paid)
                ? new InstalmentView(paid.Number, paid.Percent, paid.Amount, "released", paid.ReleasedAt)
                : new InstalmentView(i.Number, i.Percent, i.Amount, "planned"))
            .ToArray();
    }
}
