using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Ami.Workflow.Storage;

/// <summary>
/// The app's container and tables, on the shared Blob and Table clients (<see cref="StorageClients"/>:
/// a connection string, or an identity-based connection with a managed identity). The container and
/// every registered table are created once per process (<see cref="EnsureCreatedAsync"/>, started by
/// <see cref="StorageInitializer"/> when the host starts; adapters await the same cached task, which
/// costs nothing after the first time and covers a request arriving before the start-up work finished).
/// </summary>
public sealed class AmiStorage
{
    /// <summary>The private container of dossier files: <c>{campaignId}/{dossierId}/…</c>.</summary>
    public const string DossiersContainer = "dossiers";

    private readonly IReadOnlyList<string> _tables;
    private readonly Lock _gate = new();
    private Task? _ready;

    public AmiStorage(BlobServiceClient blobs, TableServiceClient tables, IEnumerable<StorageTable> registeredTables)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(registeredTables);
        Blobs = blobs;
        Tables = tables;
        _tables = registeredTables.Select(t => t.Name).Distinct(StringComparer.Ordinal).ToArray();
        Dossiers = Blobs.GetBlobContainerClient(DossiersContainer);
    }

    public BlobServiceClient Blobs { get; }

    public TableServiceClient Tables { get; }

    public BlobContainerClient Dossiers { get; }

    public TableClient Table(string name) => Tables.GetTableClient(name);

    /// <summary>Creates the container and every registered table if missing; once per process (tried again after a failure).</summary>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_ready is null || _ready.IsFaulted || _ready.IsCanceled)
            {
                _ready = CreateAsync(cancellationToken);
            }

            return _ready;
        }
    }

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        await Dossiers.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        foreach (var name in _tables)
        {
            await Tables.CreateTableIfNotExistsAsync(name, cancellationToken);
        }
    }
}

/// <summary>A table the app uses; registered with <c>services.AddAmiTable(name)</c> so that it is created at start.</summary>
public sealed record StorageTable(string Name);
