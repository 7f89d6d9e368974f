using System.Collections.Concurrent;
using Ami.Workflow.Actions;
using Ami.Workflow.Payments;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Tests.Fakes;

/// <summary>The ledger in memory, insert-only as the Table one.</summary>
public sealed class FakePaymentLedger : IPaymentLedger
{
    private readonly ConcurrentDictionary<(string, int), PaymentEntry> _entries = new();

    public Task<bool> TryAddAsync(PaymentEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Task.FromResult(_entries.TryAdd((entry.DossierId, entry.Number), entry));
    }

    public Task<PaymentEntry?> GetAsync(string dossierId, int number, CancellationToken cancellationToken) =>
        Task.FromResult(_entries.TryGetValue((dossierId, number), out var e) ? e : null);

    public Task<IReadOnlyList<PaymentEntry>> ListAsync(string dossierId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PaymentEntry>>([.. _entries.Values.Where(e => e.DossierId == dossierId).OrderBy(e => e.Number)]);
}

/// <summary>Bilans kept in memory (what was handed in, by dossier and number).</summary>
public sealed class FakeBilanStore : IBilanStore
{
    public ConcurrentDictionary<(string, int), (string FileName, byte[] Report, BilanReport Bilan)> Saved { get; } = new();

    public async Task<AttachmentInfo> SaveAsync(string campaignId, string dossierId, int number, string fileName, string contentType, Stream report, BilanReport bilan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var copy = new MemoryStream();
        await report.CopyToAsync(copy, cancellationToken);
        Saved[(dossierId, number)] = (fileName, copy.ToArray(), bilan);
        var id = "bilan-" + number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new AttachmentInfo(id, "bilan-report", fileName, contentType, copy.Length, "sha", $"{campaignId}/{dossierId}/{id}-{fileName}");
    }
}

/// <summary>Read links that say which blob they read.</summary>
public sealed class FakeAttachmentLinks : IAttachmentLinks
{
    public Task<Uri> ReadLinkAsync(string blobName, TimeSpan validity, CancellationToken cancellationToken) =>
        Task.FromResult(new Uri("https://blob.test/dossiers/" + blobName + "?sig=test&minutes=" + validity.TotalMinutes));
}
