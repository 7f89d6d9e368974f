using System.Globalization;
using Ami.Domain.Money;
using Ami.Workflow.Storage;
using Azure;
using Azure.Data.Tables;

namespace Ami.Workflow.Payments;

/// <summary><see cref="IPaymentLedger"/> on Table <c>Payments</c> (AddEntity: a second insert is a 409, i.e. already released).</summary>
public sealed class TablePaymentLedger(AmiStorage storage) : IPaymentLedger
{
    public const string TableName = "Payments";


    public async Task<bool> TryAddAsync(PaymentEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var table = await TableAsync(cancellationToken);
        var entity = new TableEntity(entry.DossierId, RowKey(entry.Number))
        {
            ["Number"] = entry.Number,
            ["Percent"] = entry.Percent,
            ["AmountCents"] = entry.Amount.Cents,
            ["ReleasedAt"] = entry.ReleasedAt,
        };
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<PaymentEntry?> GetAsync(string dossierId, int number, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(dossierId, RowKey(number), cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } e ? ToEntry(e) : null;
    }

    public async Task<IReadOnlyList<PaymentEntry>> ListAsync(string dossierId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var result = new List<PaymentEntry>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {dossierId}"), cancellationToken: cancellationToken))
        {
            result.Add(ToEntry(e));
        }

        return [.. result.OrderBy(p => p.Number)];
    }

    private async Task<TableClient> TableAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        return storage.Table(TableName);
    }

    /// <summary>Zero-padded so that rows sort by number.</summary>
    private static string RowKey(int number) => number.ToString("D2", CultureInfo.InvariantCulture);

    private static PaymentEntry ToEntry(TableEntity e) => new(
        e.PartitionKey,
        e.GetInt32("Number") ?? int.Parse(e.RowKey, CultureInfo.InvariantCulture),
        e.GetInt32("Percent") ?? 0,
        new Euros(e.GetInt64("AmountCents") ?? 0),
        e.GetDateTimeOffset("ReleasedAt") ?? DateTimeOffset.MinValue);
}
