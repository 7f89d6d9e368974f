using Ami.Domain.Money;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;
using Ami.Workflow.Tests.Journey;

namespace Ami.Workflow.Tests.FaultInjection;

/// <summary>
/// The whole journey on the real engine while one port of the activities fails on its first two writes, before or
/// after the write (Moq-made ports, <see cref="FaultyPorts"/>): twelve faulty dossiers and one without faults run side by
/// side, and each ends closed with every side effect once, exactly as the one without faults: one ledger row per
/// instalment, one mail per kind and step, one timeline line per event, the same statuses.
/// </summary>
public sealed class JourneyFaultTests : IAsyncLifetime
{
    private readonly FaultyPorts _faults = new();
    private readonly JourneyHost _host;

    public JourneyFaultTests()
    {
        _host = new JourneyHost(_faults.Register);
    }

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Journey_EachSideEffectFailingTwiceBeforeOrAfterItsWrite_EndsClosedWithEachSideEffectOnce()
    {
        var campaign = _host.Campaign(TimeSpan.FromSeconds(6));
        var baseline = await _host.FileAsync(campaign);
        var cases = new List<(Dossier Dossier, SideEffect Effect, FaultPoint Point)>();
        foreach (var effect in Enum.GetValues<SideEffect>())
        {
            foreach (var point in Enum.GetValues<FaultPoint>())
            {
                var dossier = await FileFaultyAsync(campaign, effect, point);
                cases.Add((dossier, effect, point));
            }
        }

        await Task.WhenAll(cases.Select(c => (c.Dossier, Fault: $"{c.Effect} {c.Point}")).Prepend((baseline, Fault: "no fault")).Select(d => Task.Run(() => WalkAsync(d.Item1, d.Fault))));

        var expected = Effects(baseline.Id);
        Assert.Equal(
            [MailKind.Receipt, MailKind.Eligible, MailKind.DecisionGranted, MailKind.StartAcknowledged, MailKind.BilanReceived, MailKind.Closed],
            expected.HolderMails);
        foreach (var (dossier, effect, point) in cases)
        {
            var what = $"{effect} {point}";
            Assert.True(_faults.Thrown.GetValueOrDefault(dossier.Id) == FaultyPorts.FailuresPerDossier, what + ": the faults were not all thrown");
            var actual = Effects(dossier.Id);
            Assert.True(expected.HolderMails.SequenceEqual(actual.HolderMails), what + ": holder mails " + string.Join(", ", actual.HolderMails));
            Assert.True(expected.Mails.SequenceEqual(actual.Mails), what + ": mails " + string.Join(", ", actual.Mails));
            Assert.True(expected.Timeline.SequenceEqual(actual.Timeline), what + ": timeline " + string.Join(", ", actual.Timeline));
            Assert.True(expected.Statuses.SequenceEqual(actual.Statuses), what + ": statuses " + string.Join(", ", actual.Statuses));
            var paid = await _host.Ledger.ListAsync(dossier.Id, CancellationToken.None);
            Assert.Equal([1, 2], paid.Select(p => p.Number));
            Assert.Equal(Euros.FromDecimal(20000m), paid[0].Amount + paid[1].Amount);
            Assert.Equal(2, _host.Notifier.To(dossier.Id, MailKind.PaymentOrder, RecipientRole.Finance).Count);
        }
    }

    private async Task<Dossier> FileFaultyAsync(Ami.Domain.Campaigns.Campaign campaign, SideEffect effect, FaultPoint point)
    {
        // The fault is known before the journey starts: its very first write may be the faulty one.
        var dossier = await _host.FileAsync(campaign, injectBeforeStart: id => _faults.Inject(id, effect, point));
        return dossier;
    }

    private async Task WalkAsync(Dossier dossier, string fault)
    {
        try
        {
            await _host.ToStartedAsync(dossier);
            Assert.Equal(202, (await _host.BilanAsync(dossier, JourneyHost.GoodBilan)).Status);
            await _host.DecideStepAsync(dossier.Id, JourneySteps.BilanValidation, RecipientRole.Staff, Bodies.BilanAccepted());
            Assert.Equal("closed", (await _host.OutcomeAsync(dossier.Id)).Status);
        }
        catch (Exception e) when (e is TimeoutException or Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{dossier.Id} ({fault}) did not end closed", e);
        }
    }

    /// <summary>What a dossier's journey did, without what depends on timing (reminders, the bilan's due date).</summary>
    private (List<MailKind> HolderMails, List<string> Mails, List<string> Timeline, List<string> Statuses) Effects(string dossierId)
    {
        var sent = _host.Notifier.Sent.Where(n => n.DossierId == dossierId && !IsTimed(n.Kind)).ToList();
        return (
            [.. sent.Where(n => n.To.Role == RecipientRole.Holder).Select(n => n.Kind)],
            [.. sent.Select(n => $"{n.Kind}/{n.StepKey}/{n.To.Role}-{n.To.Index}").Order(StringComparer.Ordinal)],
            [.. _host.Timeline.Events(dossierId).Select(e => e.Event).Where(e => e != "bilan:due")],
            [.. _host.Dossiers.StatusesOf(dossierId).Where(s => s != Ami.Domain.States.DossierStatus.BilanDue).Select(s => s.ToString())]);
    }

    private static bool IsTimed(MailKind kind) =>
        new[] { "Reminder", "Overdue", "Escalation" }.Any(t => kind.ToString().Contains(t, StringComparison.Ordinal));
}
