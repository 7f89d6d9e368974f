using Ami.Workflow.Actions;

namespace Ami.Workflow.Activities;

/// <summary>Voids the dossier's pending links (withdrawal): a voided link answers 410.</summary>
public sealed class CancelPendingActionsActivity(IActionStore actions) : JourneyActivity<string, int>
{
    public override Task<int> ExecuteAsync(string input, CancellationToken cancellationToken) =>
        actions.CancelPendingAsync(input, cancellationToken);
}
