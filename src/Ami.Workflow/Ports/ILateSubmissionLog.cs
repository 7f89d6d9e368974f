namespace Ami.Workflow.Ports;

/// <summary>
/// A submission refused because the call was closed (409 <c>deadline-passed</c>): staff are told, so that
/// they can answer the holder. Holder name and contact email are personal data: stored, never logged.
/// </summary>
public sealed record LateSubmission(DateTimeOffset At, string CampaignId, string HolderName, string ContactEmail);

/// <summary>Late submission attempts, recorded by intake and listed in the staff's daily digest.</summary>
public interface ILateSubmissionLog
{
    Task RecordAsync(LateSubmission attempt, CancellationToken cancellationToken);

    /// <summary>Attempts made at or after <paramref name="since"/>, oldest first.</summary>
    Task<IReadOnlyList<LateSubmission>> ListSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);
}

/// <summary>Mails the campaign's staff a notice of one late attempt (once per attempt, even if called again).</summary>
public interface ILateSubmissionNotifier
{
    Task NotifyAsync(LateSubmission attempt, CancellationToken cancellationToken);
}
