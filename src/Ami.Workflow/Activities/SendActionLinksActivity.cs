using Ami.Workflow.Actions;
using Ami.Workflow.Mail;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;
using Ami.Workflow.Steps;

namespace Ami.Workflow.Activities;

/// <summary>
/// Issues one single-use link per recipient (row in Table <c>Actions</c> first, then the mail) and reports the
/// decisions already recorded for the step. The token is signed here and travels in the mail only
/// (<see cref="Mail.MailValues.ActionToken"/>): it never enters the orchestration's history.
/// </summary>
public sealed class SendActionLinksActivity(
    IActionStore actions,
    ActionLinkSigner signer,
    INotifier notifier,
    JourneyMailValues mailValues) : JourneyActivity<ActionLinksRequest, ActionLinksSent>
{
    public override async Task<ActionLinksSent> ExecuteAsync(ActionLinksRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var values = input.Quiet ? null : await mailValues.BuildAsync(input.DossierId, input.Kind, input.Decision, input.Values, cancellationToken);
        var mailed = 0;
        foreach (var to in input.To)
        {
            var actor = ActionKeys.Actor(to.Role, to.Index);
            var link = await actions.GetAsync(input.DossierId, input.Step, input.Attempt, actor, cancellationToken);
            if (link is null)
            {
                await actions.IssueAsync(new ActionGrant(input.DossierId, input.Step, input.Attempt, actor, to.Role, to.Index, input.Decisions, input.IssuedAt), cancellationToken);
            }
            else if (link.Status != ActionLinkStatus.Pending)
            {
                continue;
            }

            if (values is null)
            {
                // Quiet (1.3): the row is the link; the person reaches it from their workspace.
                continue;
            }

            var token = signer.Sign(new ActionClaims(input.DossierId, input.Step, input.Attempt, actor, input.Decisions, input.ExpiresAt));
            var mail = new Dictionary<string, string>(values, StringComparer.Ordinal) { [MailValues.ActionToken] = token };
            await notifier.SendAsync(new Notification(input.DossierId, input.Kind, input.StepKey, to, mail), cancellationToken);
            mailed++;
        }

        return new ActionLinksSent(mailed, await RecordedAsync(input, cancellationToken));
    }

    private async Task<IReadOnlyList<ActionDecision>> RecordedAsync(ActionLinksRequest input, CancellationToken cancellationToken)
    {
        if (StepCatalog.Of(input.Step)?.SingleDecider ?? true)
        {
            var decided = await actions.GetStepDecisionAsync(input.DossierId, input.Step, input.Attempt, cancellationToken);
            return decided is null ? [] : [ToEvent(decided)];
        }

        var links = await actions.ListAsync(input.DossierId, input.Step, input.Attempt, cancellationToken);
        return [.. links.Where(l => l.Status == ActionLinkStatus.Used && l.Decision is not null).Select(l => ToEvent(l.Decision!))];
    }

    internal static ActionDecision ToEvent(StepDecision d) =>
        new(d.Step, d.Attempt, d.Actor, d.Decision, d.Details.Audition ?? false);
}
