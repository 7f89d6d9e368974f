using Ami.Domain.States;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Activities;

/// <summary>
/// Moves the dossier's status (checked by <see cref="DossierTransitions"/>) and appends the transition to its
/// timeline under the orchestration's key, so that a retry neither moves twice nor appends twice.
/// </summary>
public sealed class RecordTransitionActivity(IDossierStore dossiers, ITimeline timeline) : JourneyActivity<TransitionRequest, bool>
{
    public override async Task<bool> ExecuteAsync(TransitionRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.To is { } to)
        {
            await dossiers.UpdateAsync(
                input.DossierId,
                record =>
                {
                    if (record.Status == to)
                    {
                        return record;
                    }

                    DossierTransitions.Ensure(record.Status, to);
                    return record with { Status = to, UpdatedAt = input.At };
                },
                cancellationToken);
        }

        await timeline.AppendAsync(input.DossierId, input.Key, new TimelineEntry(input.At, input.Event, input.Actor, input.Detail), cancellationToken);
        return true;
    }
}
