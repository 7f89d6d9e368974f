using System.Net;
using System.Text;
using Ami.Workflow.Ports;
using Azure;
using Azure.Data.Tables;

namespace Ami.Workflow.Storage;

/// <summary>
/// The audit timeline in Table <c>Audit</c>: PartitionKey = dossierId, RowKey = the entry's key. The key
/// alone is the RowKey (not "time + key") so that an activity retried later, which may read the clock
/// again, still finds its first entry and appends nothing; entries are sorted by time when read (a
/// dossier has a few dozen). Insert-only: an entry is never changed.
/// </summary>
public sealed class TableTimeline(AmiStorage clients) : ITimeline, ITimelineRollback
{
    public async Task AppendAsync(string dossierId, string key, TimelineEntry entry, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(dossierId);
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(entry);
        await clients.EnsureCreatedAsync(cancellationToken);
        var row = new TableEntity(dossierId, EscapeKey(key))
        {
            ["At"] = entry.At,
            ["Event"] = entry.Event,
            ["Actor"] = entry.Actor,
            ["Detail"] = entry.Detail,
        };
        try
        {
            await clients.Table(TableNames.Audit).AddEntityAsync(row, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            // Already appended by an earlier attempt: append-once.
        }
    }

    public async Task<IReadOnlyList<TimelineEntry>> ListAsync(string dossierId, CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync(cancellationToken);
        var rows = new List<(TimelineEntry Entry, string Key)>();
        await foreach (var e in clients.Table(TableNames.Audit).QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey eq {dossierId}"), cancellationToken: cancellationToken))
        {
            rows.Add((new TimelineEntry(e.GetDateTimeOffset("At") ?? e.Timestamp ?? default, e.GetString("Event") ?? "", e.GetString("Actor"), e.GetString("Detail")), e.RowKey));
        }

        return rows.OrderBy(r => r.Entry.At).ThenBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Entry).ToArray();
    }

    /// <summary>
    /// Removes the timeline of a dossier that never became visible (a submission undone before its commit
    /// point). Not part of <see cref="ITimeline"/>: a visible dossier's timeline is append-only.
    /// </summary>
    public async Task DeleteUncommittedAsync(string dossierId, CancellationToken cancellationToken)
    {
        var table = clients.Table(TableNames.Audit);
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {dossierId}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            await table.DeleteEntityAsync(dossierId, row.RowKey, ETag.All, cancellationToken);
        }
    }

    /// <summary>RowKeys may not hold <c>/ \ # ?</c> nor control characters: those are %-escaped (as is <c>%</c>).</summary>
    internal static string EscapeKey(string key)
    {
        var sb = new StringBuilder(key.Length);
        foreach (var c in key)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c))
            {
                sb.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
