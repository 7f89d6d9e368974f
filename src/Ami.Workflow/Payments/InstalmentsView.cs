using Ami.Domain.Payments;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Payments;

/// <summary>
/// The instalments of <c>GET /api/dossiers/{id}</c>: the dossier's frozen plan (<see cref="GrantPlan"/>),
/// each <c>released</c> (with its date, from the ledger) or <c>planned</c>. None before a grant.
/// </summary>
public sealed class InstalmentsView(GrantPlans plans, IPaymentLedger ledger) : IDossierViewExtras
{
    public async Task<IReadOnlyList<InstalmentView>> GetInstalmentsAsync(DossierRecord dossier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        if (await plans.GetAsync(dossier, cancellationToken) is not { } plan)
        {
            return [];
        }

        var released = (await ledger.ListAsync(dossier.DossierId, cancellationToken)).ToDictionary(p => p.Number);
        return [.. plan.Instalments.Select(i => released.TryGetValue(i.Number, out var paid)
            ? new InstalmentView(paid.Number, paid.Percent, paid.Amount, "released", paid.ReleasedAt)
            : new InstalmentView(i.Number, i.Percent, i.Amount, "planned"))];
    }
}
