using Ami.Workflow.Configuration;
using Ami.Workflow.Http;
using Ami.Workflow.Ports;
using Ami.Workflow.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ami.Workflow.Intake;

public static class IntakeServiceCollectionExtensions
{
    /// <summary>The dossier and campaign HTTP handlers, the intake and its sweeper (with the storage they use).</summary>
    public static IServiceCollection AddAmiIntake(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAmiStorage(configuration);
        services.AddOptions<UploadOptions>().Bind(configuration.GetSection(UploadOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<DossierIntake>();
        services.TryAddSingleton<StagingSweeper>();
        services.TryAddSingleton<DossierHandlers>();
        services.TryAddSingleton<CampaignHandlers>();
        return services;
    }
}
