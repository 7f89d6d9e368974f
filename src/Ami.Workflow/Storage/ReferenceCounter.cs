using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Azure;
using Azure.Data.Tables;

namespace Ami.Workflow.Storage;

/// <summary>
/// Sequential dossier references per campaign (<c>AMI-IS-2015-0001</c>): one row per campaign in Table
/// <c>Counters</c>, incremented under If-Match and retried on 412, so two hosts (or two instances of the
/// Functions app) never hand out the same number: uniqueness rests on the storage's optimistic
/// concurrency alone. A number taken by a submission that then fails is not reused (references stay
/// unique, possibly with a gap).
/// <para>
/// On the busy last day, the counter is the one row every submission writes. So that it costs one request
/// rather than a read and a write, each host remembers the value and ETag it last wrote and updates from
/// them directly; when another host moved the counter meanwhile, the update gets 412 and the row is read
/// again. Within one host, the submissions of a campaign take their turn at the counter (a per-campaign
/// gate): they would otherwise only defeat each other's If-Match and retry. The gate orders this host's
/// own requests; it is not what makes numbers unique.
/// </para>
/// </summary>
public sealed class ReferenceCounter(AmiStorage clients)
{
    private const string Row = "dossier-reference";
    private const string Property = "Last";
    private const int MaxAttempts = 50;

    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    public async Task<int> NextAsync(string campaignId, CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync(cancellationToken);
        var table = clients.Table(TableNames.Counters);
        var slot = _slots.GetOrAdd(campaignId, static _ => new Slot());
        await slot.Gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await NextUnderGateAsync(table, campaignId, slot, cancellationToken);
                }
                catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict or (int)HttpStatusCode.NotFound
                                                       && attempt < MaxAttempts)
                {
                    // Another host took a number (412), created the row first (409), or the row is gone (404): read it again.
                    slot.Forget();
                    await Backoff.DelayAsync(attempt, cancellationToken);
                }
                catch
                {
                    // The outcome of the write is unknown (timeout, cancellation…): what this host remembers may be stale.
                    slot.Forget();
                    throw;
                }
            }
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    private static async Task<int> NextUnderGateAsync(TableClient table, string campaignId, Slot slot, CancellationToken cancellationToken)
    {
        if (slot.ETag is null)
        {
            var current = await table.GetEntityIfExistsAsync<TableEntity>(campaignId, Row, [Property], cancellationToken);
            if (!current.HasValue)
            {
                var added = await table.AddEntityAsync(new TableEntity(campaignId, Row) { [Property] = 1 }, cancellationToken);
                slot.Remember(1, added.Headers.ETag);
                return 1;
            }

            slot.Remember(current.Value!.GetInt32(Property) ?? 0, current.Value.ETag);
        }

        var next = slot.Last + 1;
        var updated = await table.UpdateEntityAsync(new TableEntity(campaignId, Row) { [Property] = next }, slot.ETag!.Value, TableUpdateMode.Replace, cancellationToken);
        slot.Remember(next, updated.Headers.ETag);
        return next;
    }

    public static string Format(string prefix, int number) =>
        prefix + "-" + number.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>What this host last knew of a campaign's counter; touched only under <see cref="Gate"/>.</summary>
    private sealed class Slot
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Last { get; private set; }

        /// <summary>The ETag of the row as this host last wrote or read it; null: read the row first.</summary>
        public ETag? ETag { get; private set; }

        public void Remember(int last, ETag? etag)
        {
            Last = last;
            ETag = etag is { } e && e != default ? e : null;
        }

        public void Forget() => ETag = null;
    }
}
