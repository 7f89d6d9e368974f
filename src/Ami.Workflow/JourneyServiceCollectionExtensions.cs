using Ami.Workflow.Actions;
using Ami.Workflow.Activities;
using Ami.Workflow.Configuration;
using Ami.Workflow.Http;
using Ami.Workflow.Payments;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Ami.Workflow;

/// <summary>The journey's services: signed links, their table, the payments ledger, bilans, activities, handlers.</summary>
public static class JourneyServiceCollectionExtensions
{
    public static IServiceCollection AddAmiJourney(this IServiceCollection services)
    {
        services.AddOptions<LinkSigningOptions>().BindConfiguration(LinkSigningOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AmiOptions>().BindConfiguration(AmiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        // TEMPORARY until the intake's StorageClients is merged.
        services.TryAddSingleton(sp => new TableServiceClient(StorageConnection(sp)));
        services.TryAddSingleton(sp => new BlobServiceClient(StorageConnection(sp)));

        services.TryAddSingleton<ActionLinkSigner>();
        services.TryAddSingleton<IActionStore, TableActionStore>();
        services.TryAddSingleton<IPaymentLedger, TablePaymentLedger>();
        services.TryAddSingleton<IBilanStore, BlobBilanStore>();
        services.TryAddSingleton<IAttachmentLinks, BlobAttachmentLinks>();
        services.TryAddSingleton<ActionService>();
        services.TryAddSingleton<ActionHandlers>();
        services.TryAddSingleton<HolderHandlers>();
        return services.AddJourneyActivities();
    }

    /// <summary>The activity classes (the Functions bindings and the Durable Task worker resolve them from here).</summary>
    public static IServiceCollection AddJourneyActivities(this IServiceCollection services)
    {
        services.TryAddTransient<JourneyMailValues>();
        services.TryAddTransient<LoadJourneyPlanActivity>();
        services.TryAddTransient<RecordTransitionActivity>();
        services.TryAddTransient<SendMailActivity>();
        services.TryAddTransient<SendActionLinksActivity>();
        services.TryAddTransient<CancelPendingActionsActivity>();
        services.TryAddTransient<AggregateJuryActivity>();
        services.TryAddTransient<RecordCpDecisionActivity>();
        services.TryAddTransient<RecordStartActivity>();
        services.TryAddTransient<ReleaseInstalmentActivity>();
        return services;
    }

    private static string StorageConnection(IServiceProvider sp) =>
        sp.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()[StorageOptions.ConnectionName]
        ?? throw new OptionsValidationException(StorageOptions.ConnectionName, typeof(StorageOptions), ["AzureWebJobsStorage n'est pas configuré."]);
}
