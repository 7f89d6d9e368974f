using Microsoft.DurableTask;

namespace Ami.Workflow.Activities;

/// <summary>
/// An activity of the journey: an instance class with injected ports, run by the Durable Task worker
/// (local host, tests) through <see cref="TaskActivity{TInput, TOutput}"/> and by the Functions bindings
/// through <see cref="ExecuteAsync"/>. Durable runs an activity at least once: each is idempotent.
/// </summary>
public abstract class JourneyActivity<TInput, TOutput> : TaskActivity<TInput, TOutput>
{
    public sealed override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) =>
        ExecuteAsync(input ?? throw new ArgumentNullException(nameof(input)), CancellationToken.None);

    public abstract Task<TOutput> ExecuteAsync(TInput input, CancellationToken cancellationToken);
}
