using Ami.Domain.Money;

namespace Ami.Workflow.Payments;

/// <summary>One released instalment (Table <c>Payments</c>, PK dossier id, RK instalment number).</summary>
public sealed record PaymentEntry(string DossierId, int Number, int Percent, Euros Amount, DateTimeOffset ReleasedAt);

/// <summary>
/// The payments ledger: insert-only, so an instalment is released at most once whatever retries happen.
/// </summary>
public interface IPaymentLedger
{
    /// <summary>Adds the entry unless that instalment exists; false when it was already released.</summary>
    Task<bool> TryAddAsync(PaymentEntry entry, CancellationToken cancellationToken);

    Task<PaymentEntry?> GetAsync(string dossierId, int number, CancellationToken cancellationToken);

    /// <summary>The released instalments of a dossier, by number (for the dossier status API).</summary>
    Task<IReadOnlyList<PaymentEntry>> ListAsync(string dossierId, CancellationToken cancellationToken);
}
