using System.Collections.Concurrent;
using Ami.Workflow.Actions;
using Ami.Workflow.Payments;
using Ami.Workflow.Ports;
using Ami.Workflow.Tests.Journey;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace Ami.Workflow.Tests.FaultInjection;

/// <summary>The port whose write fails, and when: before the write is done, or after it is done (the answer is lost).</summary>
public enum FaultPoint
{
    BeforeWrite,
    AfterWrite,
}

/// <summary>The side effects of the journey's activities, by the port that makes them.</summary>
public enum SideEffect
{
    /// <summary>
    /// <see cref="IDossierStore.UpdateAsync"/>, any update: the first ones of a dossier are the antivirus scan's
    /// (its files found safe), which runs as soon as the dossier is filed.
    /// </summary>
    Store,

    /// <summary>
    /// <see cref="IDossierStore.UpdateAsync"/> when it moves the dossier's status: the journey's own transitions
    /// (the first one is the validation's), which <see cref="Store"/> does not reach.
    /// </summary>
    Transition,

    /// <summary><see cref="INotifier.SendAsync"/>: a mail.</summary>
    Mail,

    /// <summary><see cref="IPaymentLedger.TryAddAsync"/>: an instalment released.</summary>
    Ledger,

    /// <summary><see cref="IActionStore.IssueAsync"/>: a signed link issued.</summary>
    LinkIssue,

    /// <summary><see cref="ITimeline.AppendAsync"/>: a timeline line.</summary>
    Timeline,
}

/// <summary>
/// Ports made with Moq for the activities: each delegates to the host's fake, except that for the dossiers given a
/// fault, the first two calls of that port's write fail (an <see cref="IOException"/>) before or after the write.
/// Reads always pass through. The HTTP side (links, holder handlers) keeps the plain fakes.
/// </summary>
public sealed class FaultyPorts
{
    public const int FailuresPerDossier = 2;

    private readonly ConcurrentDictionary<string, (SideEffect Effect, FaultPoint Point)> _faults = new();
    private readonly ConcurrentDictionary<string, int> _calls = new();

    /// <summary>Faults injected, by dossier (each fault counted once it was thrown).</summary>
    public ConcurrentDictionary<string, int> Thrown { get; } = new();

    public void Inject(string dossierId, SideEffect effect, FaultPoint point) => _faults[dossierId] = (effect, point);

    public void Register(JourneyHost host, IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(services);

        var dossiers = new Mock<IDossierStore>(MockBehavior.Strict);
        dossiers.Setup(s => s.GetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string id, CancellationToken ct) => host.Dossiers.GetAsync(id, ct));
        dossiers.Setup(s => s.GetSubmissionAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string id, CancellationToken ct) => host.Dossiers.GetSubmissionAsync(id, ct));
        dossiers.Setup(s => s.ListAsync(It.IsAny<string>(), It.IsAny<Ami.Domain.States.DossierStatus?>(), It.IsAny<int>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .Returns((string c, Ami.Domain.States.DossierStatus? st, int n, string? t, CancellationToken ct) => host.Dossiers.ListAsync(c, st, n, t, ct));
        dossiers.Setup(s => s.UpdateAsync(It.IsAny<string>(), It.IsAny<Func<DossierRecord, DossierRecord>>(), It.IsAny<CancellationToken>()))
            .Returns((string id, Func<DossierRecord, DossierRecord> change, CancellationToken ct) =>
                OnCue(id, _faults.TryGetValue(id, out var f) && f.Effect == SideEffect.Transition && MovesStatus(host, id, change) ? SideEffect.Transition : SideEffect.Store, () => host.Dossiers.UpdateAsync(id, change, ct)));

        var notifier = new Mock<INotifier>(MockBehavior.Strict);
        notifier.Setup(n => n.SendAsync(It.IsAny<Notification>(), It.IsAny<CancellationToken>()))
            .Returns((Notification m, CancellationToken ct) => OnCue(m.DossierId, SideEffect.Mail, () => Done(host.Notifier.SendAsync(m, ct))));

        var ledger = new Mock<IPaymentLedger>(MockBehavior.Strict);
        ledger.Setup(l => l.GetAsync(It.IsAny<string>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Returns((string id, int n, CancellationToken ct) => host.Ledger.GetAsync(id, n, ct));
        ledger.Setup(l => l.ListAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string id, CancellationToken ct) => host.Ledger.ListAsync(id, ct));
        ledger.Setup(l => l.TryAddAsync(It.IsAny<PaymentEntry>(), It.IsAny<CancellationToken>()))
            .Returns((PaymentEntry e, CancellationToken ct) => OnCue(e.DossierId, SideEffect.Ledger, () => host.Ledger.TryAddAsync(e, ct)));

        var actions = new Mock<IActionStore>(MockBehavior.Strict);
        actions.Setup(a => a.IssueAsync(It.IsAny<ActionGrant>(), It.IsAny<CancellationToken>()))
            .Returns((ActionGrant g, CancellationToken ct) => OnCue(g.DossierId, SideEffect.LinkIssue, () => Done(host.Actions.IssueAsync(g, ct))));
        actions.Setup(a => a.GetAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<int>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string id, string step, int attempt, string actor, CancellationToken ct) => host.Actions.GetAsync(id, step, attempt, actor, ct));
        actions.Setup(a => a.ListAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Returns((string id, string step, int attempt, CancellationToken ct) => host.Actions.ListAsync(id, step, attempt, ct));
        actions.Setup(a => a.TryMarkAsync(It.IsAny<ActionRecord>(), It.IsAny<ActionLinkStatus>(), It.IsAny<StepDecision?>(), It.IsAny<CancellationToken>()))
            .Returns((ActionRecord r, ActionLinkStatus s, StepDecision? d, CancellationToken ct) => host.Actions.TryMarkAsync(r, s, d, ct));
        actions.Setup(a => a.TryDecideStepAsync(It.IsAny<StepDecision>(), It.IsAny<CancellationToken>()))
            .Returns((StepDecision d, CancellationToken ct) => host.Actions.TryDecideStepAsync(d, ct));
        actions.Setup(a => a.GetStepDecisionAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Returns((string id, string step, int attempt, CancellationToken ct) => host.Actions.GetStepDecisionAsync(id, step, attempt, ct));
        actions.Setup(a => a.CancelPendingAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string id, CancellationToken ct) => host.Actions.CancelPendingAsync(id, ct));

        var timeline = new Mock<ITimeline>(MockBehavior.Strict);
        timeline.Setup(t => t.ListAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string id, CancellationToken ct) => host.Timeline.ListAsync(id, ct));
        timeline.Setup(t => t.AppendAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<TimelineEntry>(), It.IsAny<CancellationToken>()))
            .Returns((string id, string key, TimelineEntry entry, CancellationToken ct) => OnCue(id, SideEffect.Timeline, () => Done(host.Timeline.AppendAsync(id, key, entry, ct))));

        services.AddSingleton(dossiers.Object);
        services.AddSingleton(notifier.Object);
        services.AddSingleton(ledger.Object);
        services.AddSingleton(actions.Object);
        services.AddSingleton(timeline.Object);
    }

    /// <summary>Whether <paramref name="change"/> would move the dossier's status (it is a pure function of the record).</summary>
    private static bool MovesStatus(JourneyHost host, string dossierId, Func<DossierRecord, DossierRecord> change)
    {
        var before = host.Dossiers[dossierId];
        try
        {
            return change(before).Status != before.Status;
        }
        catch (Ami.Domain.DomainException)
        {
            // A transition the call does not allow: the store refuses it whatever the fault.
            return false;
        }
    }

    private static async Task<bool> Done(Task write)
    {
        await write;
        return true;
    }

    private async Task<T> OnCue<T>(string dossierId, SideEffect effect, Func<Task<T>> write)
    {
        var fails = _faults.TryGetValue(dossierId, out var fault) && fault.Effect == effect
            && _calls.AddOrUpdate(dossierId, 1, (_, n) => n + 1) <= FailuresPerDossier;
        if (fails && fault.Point == FaultPoint.BeforeWrite)
        {
            Thrown.AddOrUpdate(dossierId, 1, (_, n) => n + 1);
            throw new IOException($"Injected fault before the {effect} write of {dossierId}");
        }

        var result = await write();
        if (fails)
        {
            Thrown.AddOrUpdate(dossierId, 1, (_, n) => n + 1);
            throw new IOException($"Injected fault after the {effect} write of {dossierId}");
        }

        return result;
    }
}
