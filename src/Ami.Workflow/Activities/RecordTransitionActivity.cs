using Ami.Domain.Scoring;
using Ami.Domain.States;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Activities;

/// <summary>
/// Moves the dossier's status (checked by <see cref="DossierTransitions"/>) and appends the transition to its
/// timeline under the orchestration's key, so that a retry neither moves twice nor appends twice. When the jury
/// opens (to <see cref="DossierStatus.Jury"/>), the campaign's scoring grid is frozen on the dossier, once: the
/// jury scores on it to the end, whatever the campaign's grid becomes.
/// </summary>
public sealed class RecordTransitionActivity(IDossierStore dossiers, ICampaignStore campaigns, ITimeline timeline) : JourneyActivity<TransitionRequest, bool>
{
    public override async Task<bool> ExecuteAsync(TransitionRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.To is { } to)
        {
            ScoringGrid? grid = null;
            if (to == DossierStatus.Jury
                && await dossiers.GetAsync(input.DossierId, cancellationToken) is { Grid: null } dossier
                && await campaigns.GetAsync(dossier.CampaignId, cancellationToken) is { } campaign)
            {
                grid = campaign.ScoringGrid;
            }

            await dossiers.UpdateAsync(
                input.DossierId,
                record =>
                {
                    var frozen = record.Grid ?? grid;
                    if (record.Status == to)
                    {
                        return frozen == record.Grid ? record : record with { Grid = frozen };
                    }

                    DossierTransitions.Ensure(record.Status, to);
                    return record with { Status = to, Grid = frozen, UpdatedAt = input.At };
                },
                cancellationToken);
        }

        await timeline.AppendAsync(input.DossierId, input.Key, new TimelineEntry(input.At, input.Event, input.Actor, input.Detail), cancellationToken);
        return true;
    }
}
