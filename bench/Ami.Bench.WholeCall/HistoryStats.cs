using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Ami.Bench.WholeCall;

/// <summary>
/// The history of each orchestration instance, read from the task hub's History table (one partition per instance,
/// one row per history event): its size (the UTF-8 bytes of the rows' string and binary values) and the largest
/// single value (an activity's input or result, an event's payload). Payloads over the provider's threshold are
/// kept in the <c>{hub}-largemessages</c> container instead, counted apart.
/// </summary>
internal static class HistoryStats
{
    public static async Task<(IReadOnlyList<string> Lines, FloorShape Journey)> ReadAsync(string connectionString, string taskHub)
    {
        var table = new TableClient(connectionString, taskHub + "History");
        var sizes = new Dictionary<string, (long Bytes, int Rows, long Largest, string? Name)>(StringComparer.Ordinal);
        var events = new Dictionary<string, (int Activities, int Events, int Timers)>(StringComparer.Ordinal);
        var largest = (Bytes: 0L, Where: "");
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            var (bytes, rows, max, name) = sizes.GetValueOrDefault(row.PartitionKey);
            foreach (var (key, value) in row)
            {
                long size = value switch
                {
                    string s => Encoding.UTF8.GetByteCount(s),
                    byte[] b => b.Length,
                    BinaryData d => d.ToMemory().Length,
                    _ => 8,
                };
                bytes += size + key.Length;
                max = Math.Max(max, size);
                if (size > largest.Bytes)
                {
                    largest = (size, $"{row.GetString("EventType")} {row.GetString("Name")}.{key}");
                }
            }

            var (activities, raised, timers) = events.GetValueOrDefault(row.PartitionKey);
            switch (row.GetString("EventType"))
            {
                case "ExecutionStarted":
                    name = row.GetString("Name");
                    break;
                case "TaskScheduled":
                    activities++;
                    break;
                case "EventRaised":
                    raised++;
                    break;
                case "TimerCreated":
                    timers++;
                    break;
            }

            events[row.PartitionKey] = (activities, raised, timers);

            sizes[row.PartitionKey] = (bytes, rows + 1, max, name);
        }

        var lines = new List<string> { "History per orchestration (task hub's History table):" };
        FloorShape? journey = null;
        foreach (var group in sizes.GroupBy(s => s.Value.Name ?? "?").OrderByDescending(g => g.Count()))
        {
            var counts = group.Select(g => events.GetValueOrDefault(g.Key)).ToList();
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"  {group.Key,-28} {group.Count(),6} instances  activities mean {counts.Average(c => c.Activities),5:0.0}, external events {counts.Average(c => c.Events),5:0.0}, timers {counts.Average(c => c.Timers),5:0.0}"));
            if (group.Key.Contains("Journey", StringComparison.Ordinal))
            {
                journey = new FloorShape((int)Math.Round(counts.Average(c => c.Activities)), (int)Math.Round(counts.Average(c => c.Events)), (int)Math.Round(counts.Average(c => c.Timers)));
            }

            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"  {"",-28} {"",6}            size mean {group.Average(s => s.Value.Bytes) / 1024.0,6:0.0} KB, max {group.Max(s => s.Value.Bytes) / 1024.0,6:0.0} KB; rows mean {group.Average(s => s.Value.Rows),6:0.0}, max {group.Max(s => s.Value.Rows),5}; largest value {group.Max(s => s.Value.Largest) / 1024.0,5:0.0} KB"));
        }

        lines.Add(string.Create(CultureInfo.InvariantCulture, $"  largest single value: {largest.Bytes / 1024.0:0.0} KB ({largest.Where})"));
        var container = new BlobContainerClient(connectionString, taskHub.ToLowerInvariant() + "-largemessages");
        var blobs = 0;
        if (await container.ExistsAsync())
        {
            await foreach (var _ in container.GetBlobsAsync())
            {
                blobs++;
            }
        }

        lines.Add($"  payloads moved to the large-message container: {blobs}");
        return (lines, journey ?? new FloorShape(0, 0, 0));
    }
}
