using Ami.Domain.States;
using Ami.Workflow.Scanning;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ami.Workflow.Activities;

/// <summary>One activity: its name (in running histories: never renamed), its class, its input and its output.</summary>
public abstract record ActivityDeclaration(string Name, Type ActivityType, Type Input, Type Output)
{
    internal abstract void Register(DurableTaskRegistry registry);
}

/// <summary>
/// An activity, typed: the orchestrator calls it through <see cref="CallAsync"/>, the engines register its class from
/// <see cref="JourneyActivities.All"/>, and the Functions binding (one line, required by the Functions host's indexer)
/// runs it through <see cref="RunAsync"/>.
/// </summary>
public sealed record ActivityDeclaration<TActivity, TInput, TOutput>(string Name)
    : ActivityDeclaration(Name, typeof(TActivity), typeof(TInput), typeof(TOutput))
    where TActivity : JourneyActivity<TInput, TOutput>
{
    /// <summary>Schedules the activity from an orchestrator (deterministic: the name and the input only).</summary>
    public Task<TOutput> CallAsync(TaskOrchestrationContext context, TInput input, TaskOptions? options)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.CallActivityAsync<TOutput>(Name, input, options);
    }

    /// <summary>Runs the activity's class resolved from <paramref name="services"/> (the Functions binding's body).</summary>
    public Task<TOutput> RunAsync(IServiceProvider services, TInput input, CancellationToken cancellationToken) =>
        services.GetRequiredService<TActivity>().ExecuteAsync(input, cancellationToken);

    internal override void Register(DurableTaskRegistry registry) => registry.AddActivity<TActivity>(Name);
}

/// <summary>
/// The activities of the journey, of the antivirus scan and of the campaign's calendar, declared once: the local host's worker and the tests'
/// engine register them from <see cref="All"/> (<see cref="WorkflowTasks"/>), the DI container gets their classes from it
/// (<see cref="JourneyServiceCollectionExtensions.AddJourneyActivities"/>), and Ami.Functions' bindings are checked against
/// it by <c>ActivityBindingTests</c>. The names are <see cref="ActivityNames"/>' (constants, for the <c>[Function]</c> attributes).
/// </summary>
public static class JourneyActivities
{
    public static ActivityDeclaration<LoadJourneyPlanActivity, JourneyPlanRequest, JourneyPlan> LoadJourneyPlan { get; } = new(ActivityNames.LoadJourneyPlan);

    public static ActivityDeclaration<RecordTransitionActivity, TransitionRequest, bool> RecordTransition { get; } = new(ActivityNames.RecordTransition);

    public static ActivityDeclaration<SendMailActivity, MailRequest, int> SendMail { get; } = new(ActivityNames.SendMail);

    public static ActivityDeclaration<SendActionLinksActivity, ActionLinksRequest, ActionLinksSent> SendActionLinks { get; } = new(ActivityNames.SendActionLinks);

    public static ActivityDeclaration<CancelPendingActionsActivity, string, int> CancelPendingActions { get; } = new(ActivityNames.CancelPendingActions);

    public static ActivityDeclaration<AggregateJuryActivity, JuryRequest, JurySummary> AggregateJury { get; } = new(ActivityNames.AggregateJury);

    public static ActivityDeclaration<RecordCpDecisionActivity, CpDecisionRequest, bool> RecordCpDecision { get; } = new(ActivityNames.RecordCpDecision);

    public static ActivityDeclaration<RecordStartActivity, StartRequest, DateTimeOffset> RecordStart { get; } = new(ActivityNames.RecordStart);

    public static ActivityDeclaration<ReleaseInstalmentActivity, InstalmentRequest, InstalmentReleased> ReleaseInstalment { get; } = new(ActivityNames.ReleaseInstalment);

    public static ActivityDeclaration<ReadDossierStatusActivity, string, DossierStatus> ReadDossierStatus { get; } = new(ActivityNames.ReadDossierStatus);

    public static ActivityDeclaration<ScanAttachmentsActivity, ScanRequest, ScanReport> ScanAttachments { get; } = new(ActivityNames.ScanAttachments);

    public static ActivityDeclaration<Workspaces.LoadCalendarPlanActivity, string, Workspaces.CalendarPlan?> LoadCalendarPlan { get; } = new(ActivityNames.LoadCalendarPlan);

    public static ActivityDeclaration<Workspaces.ReadCampaignJuryStateActivity, string, Workspaces.CalendarJuryState> ReadCampaignJuryState { get; } = new(ActivityNames.ReadCampaignJuryState);

    public static ActivityDeclaration<Workspaces.SendCalendarMailActivity, Workspaces.CalendarMailRequest, int> SendCalendarMail { get; } = new(ActivityNames.SendCalendarMail);

    /// <summary>Every activity, in the order the engines register them.</summary>
    public static IReadOnlyList<ActivityDeclaration> All { get; } =
    [
        LoadJourneyPlan, RecordTransition, SendMail, SendActionLinks, CancelPendingActions, AggregateJury,
        RecordCpDecision, RecordStart, ReleaseInstalment, ReadDossierStatus, ScanAttachments,
        LoadCalendarPlan, ReadCampaignJuryState, SendCalendarMail,
    ];

    /// <summary>Registers every activity of <see cref="All"/> with an engine's registry.</summary>
    public static DurableTaskRegistry AddJourneyActivities(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var activity in All)
        {
            activity.Register(registry);
        }

        return registry;
    }

    /// <summary>Registers the class of every activity of <see cref="All"/> (transient: each run gets its own).</summary>
    internal static IServiceCollection AddActivityClasses(this IServiceCollection services)
    {
        foreach (var activity in All)
        {
            services.TryAddTransient(activity.ActivityType);
        }

        return services;
    }
}
