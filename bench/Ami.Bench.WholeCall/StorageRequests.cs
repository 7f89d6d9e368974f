using System.Collections.Concurrent;
using System.Diagnostics;

namespace Ami.Bench.WholeCall;

/// <summary>
/// Counts every HTTP request this process sends to Azurite, from the app's SDK clients and the Durable engine's
/// alike: both use <see cref="HttpClient"/>, whose diagnostics listener (<c>HttpHandlerDiagnosticListener</c>)
/// reports each request with its address. A request is the engine's when its table, queue or container is the
/// task hub's (<c>{hub}History</c>, <c>{hub}-control-00</c>, <c>{hub}-leases</c>…), the app's otherwise.
/// </summary>
internal sealed class StorageRequests : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly Dictionary<int, string> _kinds;
    private readonly string _hub;
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly List<IDisposable> _subscriptions = [];
    private readonly IDisposable _all;

    public StorageRequests(int blobPort, int queuePort, int tablePort, string taskHub)
    {
        _kinds = new() { [blobPort] = "blob", [queuePort] = "queue", [tablePort] = "table" };
        _hub = taskHub.ToLowerInvariant();
        _all = DiagnosticListener.AllListeners.Subscribe(this);
    }

    /// <summary>A copy of the counts so far, keyed <c>engine/queue</c>, <c>app/table</c>…</summary>
    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(_counts, StringComparer.Ordinal);

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == "HttpHandlerDiagnosticListener")
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(value.Subscribe(this, (name, _, _) => name == "System.Net.Http.Request"));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key != "System.Net.Http.Request" || value.Value is null)
        {
            return;
        }

        if (value.Value.GetType().GetProperty("Request")?.GetValue(value.Value) is not HttpRequestMessage { RequestUri: { } uri })
        {
            return;
        }

        if (!_kinds.TryGetValue(uri.Port, out var kind))
        {
            return;
        }

        var owner = uri.AbsolutePath.Contains(_hub, StringComparison.OrdinalIgnoreCase) ? "engine" : "app";
        _counts.AddOrUpdate(owner + "/" + kind, 1, (_, n) => n + 1);
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _all.Dispose();
        lock (_subscriptions)
        {
            _subscriptions.ForEach(s => s.Dispose());
        }
    }
}
