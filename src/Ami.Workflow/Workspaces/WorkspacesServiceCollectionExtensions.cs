using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ami.Workflow.Workspaces;

/// <summary>The campaign-wide workspaces of the jury president and the CP secretariat (called by <c>AddAmiWorkflow</c>).</summary>
public static class WorkspacesServiceCollectionExtensions
{
    public static IServiceCollection AddAmiWorkspaces(this IServiceCollection services)
    {
        Storage.StorageServiceCollectionExtensions.AddAmiTable(services, TableCpSessionStore.TableName);
        Storage.StorageServiceCollectionExtensions.AddAmiTable(services, JuryOpinionDrafts.TableName);
        services.TryAddSingleton<ICpSessionStore, TableCpSessionStore>();
        services.TryAddSingleton<JuryOpinionDrafts>();
        services.TryAddSingleton<WorkspaceDossiers>();
        services.TryAddSingleton<JuryOpinions>();
        services.TryAddSingleton<CpSessions>();
        return services;
    }
}
