namespace Ami.Workflow.Ports;

/// <summary>
/// A submission refused because the deadline had passed, kept for staff (the late attempts are listed in
/// their digest). Holder name and email are empty when the dossier part could not be read. Personal
/// data: stored, never logged.
/// </summary>
public sealed record LateSubmission(DateTimeOffset At, string CampaignId, string HolderName, string ContactEmail);

/// <summary>Late submission attempts (Table <c>LateSubmissions</c>).</summary>
public interface ILateSubmissionLog
{
    Task RecordAsync(LateSubmission attempt, CancellationToken cancellationToken = default);

    /// <summary>Attempts at or after <paramref name="since"/>, oldest first.</summary>
    Task<IReadOnlyList<LateSubmission>> ListSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default);
}
