using Ami.Workflow.Actions;
using Ami.Workflow.Activities;
using Ami.Workflow.Configuration;
using Ami.Workflow.Http;
using Ami.Workflow.Payments;
using Ami.Workflow.Ports;
using Ami.Workflow.Scanning;
using Ami.Workflow.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ami.Workflow;

/// <summary>The journey's services: signed links, their table, the payments ledger, bilans, activities, handlers.</summary>
public static class JourneyServiceCollectionExtensions
{
    public static IServiceCollection AddAmiJourney(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<LinkSigningOptions>()
            .Bind(configuration.GetSection(LinkSigningOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => ActionLinkSigner.IsKey(o.Current) && (string.IsNullOrEmpty(o.Previous) || ActionLinkSigner.IsKey(o.Previous)),
                "Ami:LinkKeys:Current (et Previous s'il est donné) : une clé base64 d'au moins 32 octets.")
            .ValidateOnStart();
        services.AddOptions<JourneyOptions>()
            .Bind(configuration.GetSection(JourneyOptions.Section))
            .Validate(o => Orchestrations.JourneyVersions.Supported.Contains(o.StartVersion), "Ami:Journey:StartVersion : une version du parcours prise en charge (1.0, 1.1, 1.2 ou 1.3).")
            .ValidateOnStart();
        services.AddAmiStorage(configuration);
        services.AddAmiTable(TableActionStore.TableName);
        services.AddAmiTable(TablePaymentLedger.TableName);
        services.AddAmiTable(Workspaces.JurySheetDrafts.TableName);
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton<ActionLinkSigner>();
        services.TryAddSingleton<Links.HolderLinks>();
        services.TryAddSingleton<Links.FileLinks>();
        services.TryAddSingleton<Links.DraftLinks>();
        services.TryAddSingleton<Links.WorkspaceLinks>();
        services.TryAddTransient<Drafts.DraftMailer>();
        services.TryAddTransient<Drafts.DraftReminderJob>();
        services.TryAddSingleton<IActionStore, TableActionStore>();
        services.TryAddSingleton<IPaymentLedger, TablePaymentLedger>();
        services.TryAddSingleton<IBilanStore, BlobBilanStore>();
        services.TryAddSingleton<IAttachmentLinks, BlobAttachmentLinks>();
        services.TryAddSingleton<ActionService>();
        services.TryAddSingleton<ActionHandlers>();
        services.TryAddSingleton<HolderHandlers>();
        services.TryAddSingleton<IJuryProgress, ActionJuryProgress>();
        services.TryAddSingleton<GrantPlans>();
        services.TryAddSingleton<IDossierViewExtras, InstalmentsView>();
        services.AddAmiScanning(configuration);
        return services.AddJourneyActivities();
    }

    /// <summary>The activity classes of <see cref="JourneyActivities.All"/> and what they share (the Functions bindings and the Durable Task worker resolve them from here).</summary>
    public static IServiceCollection AddJourneyActivities(this IServiceCollection services)
    {
        services.TryAddTransient<JourneyMailValues>();
        services.TryAddSingleton<GrantPlans>();
        services.TryAddSingleton<Workspaces.JuryBoard>();
        services.TryAddTransient<Workspaces.CalendarMailer>();
        services.TryAddSingleton<Workspaces.JurySheetDrafts>();
        services.TryAddSingleton<Workspaces.JurorWorkspace>();
        return services.AddActivityClasses();
    }
}
