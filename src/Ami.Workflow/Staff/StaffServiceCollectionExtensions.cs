using Ami.Workflow.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ami.Workflow.Staff;

/// <summary>The staff identity (both hosts): the sign-in options, validated at start, the sessions, the page decisions.</summary>
public static class StaffServiceCollectionExtensions
{
    public static IServiceCollection AddAmiStaff(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StaffAuthOptions>().Bind(configuration.GetSection(StaffAuthOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StaffSessions>();
        services.TryAddSingleton<StaffDecisions>();
        services.TryAddSingleton<StaffAccess>();
        services.TryAddSingleton<StaffDirectory>();
        services.TryAddSingleton<IDossierListIndex, TableDossierListIndex>();
        services.TryAddSingleton<Exports.DossierArchive>();
        return services;
    }
}
