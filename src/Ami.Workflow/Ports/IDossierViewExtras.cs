using Ami.Domain.Money;

namespace Ami.Workflow.Ports;

/// <summary>One instalment of a granted dossier as the status API shows it.</summary>
/// <param name="Status">e.g. <c>planned</c>, <c>released</c>.</param>
public sealed record InstalmentView(int Number, int Percent, Euros Amount, string Status, DateTimeOffset? ReleasedAt = null);

/// <summary>
/// What the status API (<c>GET /api/dossiers/{id}</c>) shows beyond the index row and the timeline: the
/// instalments (<c>Payments.InstalmentsView</c>, registered by the journey: the dossier's frozen plan and the
/// payments ledger).
/// </summary>
public interface IDossierViewExtras
{
    Task<IReadOnlyList<InstalmentView>> GetInstalmentsAsync(DossierRecord dossier, CancellationToken cancellationToken);
}
