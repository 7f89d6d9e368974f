using Ami.Workflow.Configuration;
using Ami.Workflow.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ami.Workflow.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Blob/Table clients, the storage adapters of the ports (dossiers, timeline, campaigns, late
    /// submissions) and the start-up work (container/tables created, campaign files loaded).
    /// </summary>
    public static IServiceCollection AddAmiStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddAmiStorageClients(configuration);
        services.AddOptions<AmiOptions>().BindConfiguration(AmiOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AmiStorage>();
        foreach (var table in TableNames.All)
        {
            services.AddAmiTable(table);
        }

        services.TryAddSingleton<TableDossierStore>();
        services.TryAddSingleton<IDossierStore>(sp => sp.GetRequiredService<TableDossierStore>());
        services.TryAddSingleton<IDossierFiling>(sp => sp.GetRequiredService<TableDossierStore>());
        services.TryAddSingleton<IAttachmentContent, BlobAttachmentContent>();
        services.TryAddSingleton<TableTimeline>();
        services.TryAddSingleton<ITimeline>(sp => sp.GetRequiredService<TableTimeline>());
        services.TryAddSingleton<ITimelineRollback>(sp => sp.GetRequiredService<TableTimeline>());
        services.TryAddSingleton<TableCampaignStore>();
        services.TryAddSingleton<ICampaignStore>(sp => sp.GetRequiredService<TableCampaignStore>());
        services.TryAddSingleton<ILateSubmissionLog, TableLateSubmissionLog>();
        services.TryAddSingleton<IHolderMoves, TableHolderMoves>();
        services.TryAddSingleton<IDraftStore, TableDraftStore>();
        services.TryAddSingleton<ReferenceCounter>();
        services.TryAddSingleton<IdempotencyStore>();
        services.TryAddSingleton<UploadJournal>();
        services.TryAddSingleton<CampaignSeeder>();
        services.AddHostedService<StorageInitializer>();
        return services;
    }

    /// <summary>Registers a table to be created at start (any helper's adapter may add its own).</summary>
    public static IServiceCollection AddAmiTable(this IServiceCollection services, string name)
    {
        services.AddSingleton(new StorageTable(name));
        return services;
    }
}

/// <summary>Creates the container and tables, then loads the campaign files, when the host starts.</summary>
internal sealed class StorageInitializer(AmiStorage clients, CampaignSeeder seeder, ILogger<StorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync(cancellationToken);
        var count = await seeder.SeedAsync(cancellationToken);
        logger.LogInformation("Storage ready; {Count} campaign file(s) loaded", count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
