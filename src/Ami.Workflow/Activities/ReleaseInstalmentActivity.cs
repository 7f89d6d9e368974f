using System.Globalization;
using Ami.Domain.Payments;
using Ami.Workflow.Payments;
using Ami.Workflow.Mail;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Activities;

/// <summary>
/// Releases an instalment exactly once: the ledger row is inserted (insert-if-absent) before anything else;
/// a second run finds it and only completes what may be missing (the finance payment order and the timeline
/// line, themselves sent and appended once by their keys). Amounts come from the dossier's frozen
/// <see cref="GrantPlan"/>, never from the campaign as it is now; a dossier granted before plans were stored gets
/// its plan frozen here, at its first release after the change (<see cref="GrantPlans"/>).
/// </summary>
public sealed class ReleaseInstalmentActivity(
    IDossierStore dossiers,
    GrantPlans plans,
    IPaymentLedger ledger,
    INotifier notifier,
    ITimeline timeline) : JourneyActivity<InstalmentRequest, InstalmentReleased>
{
    public override async Task<InstalmentReleased> ExecuteAsync(InstalmentRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var entry = await ledger.GetAsync(input.DossierId, input.Number, cancellationToken);
        var released = false;
        if (entry is null)
        {
            var dossier = await dossiers.GetAsync(input.DossierId, cancellationToken)
                ?? throw new InvalidOperationException($"Dossier {input.DossierId} not found.");
            var plan = dossier.Plan;
            if (plan is null)
            {
                var frozen = await plans.GetAsync(dossier, cancellationToken)
                    ?? throw new InvalidOperationException($"Dossier {input.DossierId} has no granted amount.");
                plan = (await dossiers.UpdateAsync(input.DossierId, r => r.Plan is null ? r with { Plan = frozen } : r, cancellationToken)).Plan!;
            }

            var instalment = plan.Instalment(input.Number);
            entry = new PaymentEntry(input.DossierId, instalment.Number, instalment.Percent, instalment.Amount, input.At);
            released = await ledger.TryAddAsync(entry, cancellationToken);
            if (!released)
            {
                // Inserted concurrently by another run: the stored row is the truth.
                entry = await ledger.GetAsync(input.DossierId, input.Number, cancellationToken) ?? entry;
            }
        }

        var number = entry.Number.ToString(CultureInfo.InvariantCulture);
        await notifier.SendAsync(
            new Notification(
                input.DossierId,
                Ports.MailKind.PaymentOrder,
                "instalment-" + number,
                new Recipient(RecipientRole.Finance),
                new Dictionary<string, string> { [MailValues.Instalment] = number, [MailValues.Amount] = entry.Amount.ToString() }),
            cancellationToken);
        await timeline.AppendAsync(
            input.DossierId,
            input.TimelineKey,
            new TimelineEntry(entry.ReleasedAt, Steps.TimelineEvents.Instalment(entry.Number).Name, "system", entry.Percent.ToString(CultureInfo.InvariantCulture) + " % : " + entry.Amount.ToFrench()),
            cancellationToken);
        return new InstalmentReleased(entry.Number, entry.Percent, entry.Amount.Cents, released);
    }
}
