using System.Collections.Concurrent;
using System.Diagnostics;

namespace Ami.Bench.WholeCall;

/// <summary>
/// Counts every HTTP request this process sends to Azurite, from the app's SDK clients and the Durable engine's
/// alike: both use <see cref="HttpClient"/>, whose diagnostics listener (<c>HttpHandlerDiagnosticListener</c>)
/// reports each request with its address. A request is the engine's when its table, queue or container is the
/// task hub's (<c>{hub}History</c>, <c>{hub}-control-00</c>, <c>{hub}-leases</c>…) or a table batch (the engine's
/// History writes), the app's otherwise.
/// </summary>
internal sealed class StorageRequests : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly Dictionary<int, string> _kinds;
    private readonly string _hub;
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _details = new(StringComparer.Ordinal);
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

    /// <summary>
    /// A copy of the counts so far by request: <c>engine queue GET control-NN/messages</c>, <c>app table POST Dossiers</c>…
    /// (the resource is the table, queue or container; instance ids, keys and blob names are left out).
    /// </summary>
    public IReadOnlyDictionary<string, long> Details() => new Dictionary<string, long>(_details, StringComparer.Ordinal);

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

        // A table batch (POST /{account}/$batch) names its table only in its body: the engine writes its History rows
        // that way, and the app never sends one (no TableTransactionAction in src/), so a batch is the engine's.
        var owner = uri.AbsolutePath.Contains(_hub, StringComparison.OrdinalIgnoreCase) || uri.AbsolutePath.EndsWith("/$batch", StringComparison.Ordinal) ? "engine" : "app";
        _counts.AddOrUpdate(owner + "/" + kind, 1, (_, n) => n + 1);
        _details.AddOrUpdate($"{owner} {kind} {Method(value.Value)} {Resource(uri, kind)}", 1, (_, n) => n + 1);
    }

    private static string Method(object payload) =>
        payload.GetType().GetProperty("Request")?.GetValue(payload) is HttpRequestMessage request ? request.Method.Method : "?";

    private string Resource(Uri uri, string kind)
    {
        // /devstoreaccount1/{table(keys)|queue/messages[/id]|container/blob}
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2)
        {
            return "(account)";
        }

        var name = segments[1];
        var paren = name.IndexOf('(', StringComparison.Ordinal);
        var keyed = paren >= 0 && paren + 2 < name.Length; // Dossiers(PartitionKey='…',RowKey='…') vs Dossiers()
        if (paren >= 0)
        {
            name = name[..paren];
        }

        name = name.Replace(_hub, string.Empty, StringComparison.OrdinalIgnoreCase);
        if (kind == "table")
        {
            var query = uri.Query.Contains("filter", StringComparison.OrdinalIgnoreCase) ? " query" : string.Empty;
            return name + (keyed ? "(key)" : query);
        }

        if (kind == "queue")
        {
            return name + (segments.Length > 2 ? "/" + segments[2] + (segments.Length > 3 ? "/id" : string.Empty) : string.Empty) + (uri.Query.Contains("peekonly", StringComparison.OrdinalIgnoreCase) ? " peek" : string.Empty);
        }

        var comp = System.Text.RegularExpressions.Regex.Match(uri.Query, "comp=([a-z]+)");
        return name + (segments.Length > 2 ? "/blob" : string.Empty) + (comp.Success ? " comp=" + comp.Groups[1].Value : string.Empty);
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
