using System.Collections.Concurrent;

namespace Ami.Pages;

/// <summary>
/// At most <c>max</c> events per key in any hour, counted in this instance's memory (with several instances in
/// Azure, each counts its own). Used where a page mails an address someone typed: "J'ai perdu mon lien", drafts.
/// </summary>
internal sealed class HourlyLimiter(int max)
{
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _recent = new(StringComparer.Ordinal);

    public int Max => max;

    /// <summary>Counts the event and says whether it is within the limit (an event over the limit is not counted).</summary>
    public bool Allow(string key, DateTimeOffset now)
    {
        var queue = _recent.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (queue)
        {
            while (queue.Count > 0 && now - queue.Peek() > TimeSpan.FromHours(1))
            {
                queue.Dequeue();
            }

            if (queue.Count >= max)
            {
                return false;
            }

            queue.Enqueue(now);
        }

        if (_recent.Count > 10_000)
        {
            // Forget the keys quiet for an hour, so that the table does not grow without end.
            foreach (var (k, q) in _recent)
            {
                lock (q)
                {
                    if (q.Count == 0 || now - q.Last() > TimeSpan.FromHours(1))
                    {
                        _recent.TryRemove(k, out _);
                    }
                }
            }
        }

        return true;
    }
}
