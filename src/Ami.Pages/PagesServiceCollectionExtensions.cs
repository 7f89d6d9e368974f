using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ami.Pages;

/// <summary>The pages' composition entry: both hosts call it after <c>AddAmiWorkflow</c>.</summary>
public static class PagesServiceCollectionExtensions
{
    public static IServiceCollection AddAmiPages(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);

        // HtmlRenderer encodes with the registered HtmlEncoder: keep French letters as UTF-8 (still encoding < > & " ').
        services.TryAddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
        services.TryAddSingleton<PageRenderer>();
        services.TryAddSingleton<HolderPages>();
        services.TryAddSingleton<LostLinkPages>();
        services.TryAddSingleton<FilingPages>();
        services.TryAddSingleton<ChangesPages>();
        services.TryAddSingleton<FilePages>();
        services.TryAddSingleton<Workspaces.JurorPages>();
        Staff.StaffPagesServiceCollectionExtensions.AddAmiStaffPages(services);
        services.TryAddSingleton<Workspaces.WorkspaceGate>();
        services.TryAddSingleton<Workspaces.PresidentPages>();
        services.TryAddSingleton<Workspaces.CpSessionPages>();
        return services;
    }
}
