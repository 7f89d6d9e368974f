using Ami.Workflow.Intake;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ami.Workflow;

/// <summary>The one composition entry of the workflow: both hosts call it.</summary>
public static class WorkflowServiceCollectionExtensions
{
    public static IServiceCollection AddAmiWorkflow(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        Mail.MailServiceCollectionExtensions.AddAmiMail(services, configuration);
        services.AddAmiIntake(configuration);
        services.AddAmiJourney(configuration);
        services.AddSingleton<Http.RankingHandler>();
        Staff.StaffServiceCollectionExtensions.AddAmiStaff(services, configuration);
        Workspaces.WorkspacesServiceCollectionExtensions.AddAmiWorkspaces(services);
        return services;
    }
}
