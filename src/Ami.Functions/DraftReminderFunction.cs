using Ami.Workflow.Drafts;
using Microsoft.Azure.Functions.Worker;

namespace Ami.Functions;

/// <summary>
/// Every hour, reminds unfinished drafts at J-7 and J-2 before their call's deadline (<see cref="DraftReminderJob"/>,
/// once per draft and reminder however often it runs). The local host runs the same job from its timer table
/// (<c>AmiTimers.MapAmiTimers</c>).
/// </summary>
public sealed class DraftReminderFunction(DraftReminderJob job)
{
    [Function("DraftReminders")]
    public Task Run([TimerTrigger(DraftReminderJob.Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        job.RunAsync(cancellationToken);
}
