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

    /// <summary>Every report stored, by dossier (a second store of the same number would leave a blob behind in Blob storage).</summary>
    public ConcurrentDictionary<string, int> Stores { get; } = new();

    public async Task<AttachmentInfo> SaveAsync(string campaignId, string dossierId, int number, string fileName, string contentType, Stream report, BilanReport bilan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var copy = new MemoryStream();
        await report.CopyToAsync(copy, cancellationToken);
        Saved[(dossierId, number)] = (fileName, copy.ToArray(), bilan);
        Stores.AddOrUpdate(dossierId, 1, (_, n) => n + 1);
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

/// <summary>Holder-move claims in memory, with the Table adapter's rules: the first insert wins, a stale claim is taken over once.</summary>
public sealed class FakeHolderMoves : IHolderMoves
{
    private readonly ConcurrentDictionary<(string, string, int), HolderMove> _claims = new();
    private int _etag;

    public Task<(bool Won, HolderMove Claim)> TryClaimAsync(HolderMove move, TimeSpan staleAfter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(move);
        var key = (move.DossierId, move.Move, move.Attempt);
        var mine = move with { ETag = Interlocked.Increment(ref _etag).ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (_claims.TryAdd(key, mine))
        {
            return Task.FromResult((true, mine));
        }

        var kept = _claims[key];
        return Task.FromResult(kept.ClaimedAt + staleAfter <= move.ClaimedAt && _claims.TryUpdate(key, mine, kept) ? (true, mine) : (false, _claims[key]));
    }

    public Task<HolderMove?> GetAsync(string dossierId, string move, int attempt, CancellationToken cancellationToken) =>
        Task.FromResult(_claims.TryGetValue((dossierId, move, attempt), out var m) ? m : null);

    public Task ReleaseAsync(HolderMove claim, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        _claims.TryRemove(new KeyValuePair<(string, string, int), HolderMove>((claim.DossierId, claim.Move, claim.Attempt), claim));
        return Task.CompletedTask;
    }
}
