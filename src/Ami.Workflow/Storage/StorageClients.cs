using Ami.Workflow.Configuration;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace Ami.Workflow.Storage;

/// <summary>
/// The app's Blob and Table clients, built once from <see cref="StorageOptions"/>: a connection string
/// (<c>AzureWebJobsStorage</c>, e.g. Azurite's) or an identity-based connection
/// (<c>AzureWebJobsStorage:accountName</c> + <c>credential</c> = <c>managedidentity</c> + <c>clientId</c>),
/// as the Functions host reads it. The container and tables are created once per process
/// (<see cref="EnsureCreatedAsync"/>, started by <see cref="StorageInitializer"/> at start; adapters await
/// the same cached task, which costs nothing after the first time).
/// </summary>
public sealed class StorageClients
{
    /// <summary>The private container of dossier files: <c>{campaignId}/{dossierId}/…</c>.</summary>
    public const string DossiersContainer = "dossiers";

    private readonly IReadOnlyList<string> _tables;
    private readonly Lock _gate = new();
    private Task? _ready;

    public StorageClients(IOptions<StorageOptions> options, IEnumerable<StorageTable> tables)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tables);
        var o = options.Value;
        if (!string.IsNullOrWhiteSpace(o.ConnectionString))
        {
            Blobs = new BlobServiceClient(o.ConnectionString);
            Tables = new TableServiceClient(o.ConnectionString);
        }
        else if (!string.IsNullOrWhiteSpace(o.AccountName))
        {
            var credential = CreateCredential(o);
            Blobs = new BlobServiceClient(new Uri($"https://{o.AccountName}.blob.core.windows.net"), credential);
            Tables = new TableServiceClient(new Uri($"https://{o.AccountName}.table.core.windows.net"), credential);
        }
        else
        {
            throw new InvalidOperationException(StorageOptionsValidation.Message);
        }

        _tables = tables.Select(t => t.Name).Distinct(StringComparer.Ordinal).ToArray();
        Dossiers = Blobs.GetBlobContainerClient(DossiersContainer);
    }

    public BlobServiceClient Blobs { get; }

    public TableServiceClient Tables { get; }

    public BlobContainerClient Dossiers { get; }

    public TableClient Table(string name) => Tables.GetTableClient(name);

    /// <summary>Creates the container and every registered table if missing; runs once per process (retried after a failure).</summary>
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

    private static TokenCredential CreateCredential(StorageOptions o) =>
        string.Equals(o.Credential, "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(string.IsNullOrWhiteSpace(o.ClientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(o.ClientId))
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = o.ClientId });
}

/// <summary>A table the app uses; registered with <c>services.AddAmiTable(name)</c> so that it is created at start.</summary>
public sealed record StorageTable(string Name);

internal static class StorageOptionsValidation
{
    public const string Message =
        "Stockage non configuré : renseignez « AzureWebJobsStorage » (chaîne de connexion) ou « AzureWebJobsStorage:accountName » (connexion par identité).";
}
