using Ami.Workflow.Configuration;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Ami.Workflow.Storage;

/// <summary>
/// The storage clients of the app, built from the <c>AzureWebJobsStorage</c> connection the way the
/// Functions host reads it: a connection string (<c>AzureWebJobsStorage</c>, e.g.
/// <c>UseDevelopmentStorage=true</c> or Azurite's), or an identity-based connection
/// (<c>AzureWebJobsStorage__accountName</c> + optional <c>__clientId</c> of a user-assigned managed identity).
/// </summary>
public static class StorageClients
{
    /// <summary>Reads <see cref="StorageOptions"/> from the <c>AzureWebJobsStorage</c> value or section.</summary>
    public static void Bind(IConfiguration configuration, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        var section = configuration.GetSection(StorageOptions.ConnectionName);
        options.ConnectionString = string.IsNullOrWhiteSpace(section.Value) ? options.ConnectionString : section.Value;
        options.AccountName = section["accountName"] ?? options.AccountName;
        options.Credential = section["credential"] ?? options.Credential;
        options.ClientId = section["clientId"] ?? options.ClientId;
    }

    public static TableServiceClient CreateTableServiceClient(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.ConnectionString is { Length: > 0 } cs
            ? new TableServiceClient(cs)
            : new TableServiceClient(Endpoint(options, "table"), Credential(options));
    }

    public static BlobServiceClient CreateBlobServiceClient(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.ConnectionString is { Length: > 0 } cs
            ? new BlobServiceClient(cs)
            : new BlobServiceClient(Endpoint(options, "blob"), Credential(options));
    }

    /// <summary>
    /// Registers <see cref="StorageOptions"/> (validated at start: a connection string or an account name)
    /// and singleton <see cref="TableServiceClient"/> / <see cref="BlobServiceClient"/> built from it.
    /// Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddAmiStorageClients(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(StorageClientsMarker)))
        {
            return services;
        }

        services.AddSingleton<StorageClientsMarker>();
        services.AddOptions<StorageOptions>()
            .Configure(o => Bind(configuration, o))
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString) || !string.IsNullOrWhiteSpace(o.AccountName),
                "Storage: set AzureWebJobsStorage (connection string) or AzureWebJobsStorage__accountName (managed identity).")
            .ValidateOnStart();
        services.TryAddSingleton(sp => CreateTableServiceClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.TryAddSingleton(sp => CreateBlobServiceClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        return services;
    }

    private static Uri Endpoint(StorageOptions options, string service) =>
        string.IsNullOrWhiteSpace(options.AccountName)
            ? throw new InvalidOperationException("Storage: neither a connection string nor an account name is configured.")
            : new Uri($"https://{options.AccountName}.{service}.core.windows.net");

    private static TokenCredential Credential(StorageOptions options) =>
        string.IsNullOrWhiteSpace(options.ClientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ClientId));

    private sealed class StorageClientsMarker;
}
