namespace Ami.Workflow.Workspaces;

/// <summary>
/// Told once the jury president's opinions page was submitted and recorded: the campaign's calendar (issue 15's
/// campaign-level orchestration) moves on to the CP session when it hears it. The default does nothing; the calendar
/// registers its own (<c>RaiseOpinionsGivenAsync(campaignId)</c>) and replaces it.
/// </summary>
public interface IOpinionsGivenNotifier
{
    Task OpinionsGivenAsync(string campaignId, CancellationToken cancellationToken);
}

/// <summary>The default <see cref="IOpinionsGivenNotifier"/>: no calendar listens yet.</summary>
public sealed class NoOpinionsGivenNotifier : IOpinionsGivenNotifier
{
    public Task OpinionsGivenAsync(string campaignId, CancellationToken cancellationToken) => Task.CompletedTask;
}
