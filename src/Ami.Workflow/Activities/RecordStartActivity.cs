using Ami.Domain.Payments;
using Ami.Domain.States;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Activities;

/// <summary>
/// Keeps the declared start and the bilan's due date (<see cref="InstalmentPlan.BilanDueAt(DateOnly, Domain.Campaigns.Campaign)"/>)
/// on the dossier, moves it to <c>started</c> and appends the timeline line (once, by its key).
/// </summary>
public sealed class RecordStartActivity(IDossierStore dossiers, ICampaignStore campaigns, ITimeline timeline) : JourneyActivity<StartRequest, DateTimeOffset>
{
    public override async Task<DateTimeOffset> ExecuteAsync(StartRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var dossier = await dossiers.GetAsync(input.DossierId, cancellationToken)
            ?? throw new InvalidOperationException($"Dossier {input.DossierId} not found.");
        var campaign = await campaigns.GetAsync(dossier.CampaignId, cancellationToken)
            ?? throw new InvalidOperationException($"Campaign {dossier.CampaignId} not found.");

        // A campaign counting in hours or seconds (tests, rehearsals) counts from the declaration itself.
        var due = campaign.BilanDueAfter is { Years: 0, Months: 0, Days: 0 }
            ? InstalmentPlan.BilanDueAt(input.DeclaredAt, campaign)
            : InstalmentPlan.BilanDueAt(input.StartDate, campaign);
        await dossiers.UpdateAsync(
            input.DossierId,
            r =>
            {
                if (r.Status != DossierStatus.Started)
                {
                    DossierTransitions.Ensure(r.Status, DossierStatus.Started);
                }

                return r with { Status = DossierStatus.Started, StartDate = input.StartDate, BilanDueAt = due, UpdatedAt = input.DeclaredAt };
            },
            cancellationToken);
        await timeline.AppendAsync(
            input.DossierId,
            input.TimelineKey,
            new TimelineEntry(input.DeclaredAt, Steps.TimelineEvents.Started.Name, "holder", input.StartDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            cancellationToken);
        return due;
    }
}
