using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ami.Pages.Staff;

/// <summary>The staff pages' services (called by <see cref="PagesServiceCollectionExtensions.AddAmiPages"/>).</summary>
public static class StaffPagesServiceCollectionExtensions
{
    public static IServiceCollection AddAmiStaffPages(this IServiceCollection services)
    {
        services.TryAddSingleton<StaffGuard>();
        services.TryAddSingleton<StaffPages>();
        services.TryAddSingleton<StaffListPages>();
        services.TryAddSingleton<StaffDossierPages>();
        services.TryAddSingleton<StaffCampaignPages>();
        return services;
    }
}
