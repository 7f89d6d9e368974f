using Ami.Workflow.Ports;

namespace Ami.Workflow.Activities;

/// <summary>Mails each recipient once (the notifier keys sent mails by kind, step key and recipient).</summary>
public sealed class SendMailActivity(INotifier notifier, JourneyMailValues mailValues) : JourneyActivity<MailRequest, int>
{
    public override async Task<int> ExecuteAsync(MailRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var values = await mailValues.BuildAsync(input.DossierId, input.Kind, input.Decision, input.Values, cancellationToken);
        foreach (var to in input.To)
        {
            await notifier.SendAsync(new Notification(input.DossierId, input.Kind, input.StepKey, to, values), cancellationToken);
        }

        return input.To.Count;
    }
}
