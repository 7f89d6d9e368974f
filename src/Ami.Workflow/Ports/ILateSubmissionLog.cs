namespace Ami.Workflow.Ports;

/// <summary>
/// A submission refused because the call was closed (409 <c>deadline-passed</c>): staff are told, so that
/// they can answer the holder. Holder name and contact email are personal data: stored, never logged.
/// </summary>
public sealed record LateSubmission(DateTimeOffset At, string CampaignId, string HolderName, string ContactEmail)
{
    /// <summary>At most this many attempts are recorded per campaign and hour (anyone can post after the deadline).</summary>
    public const int MaxRecordedPerCampaignHour = 20;

    public const int MaxHolderNameLength = 200;

    /// <summary>
    /// An attempt as an anonymous sender made it: only what could be read is kept (a holder name, shortened; a contact
    /// address only when it is a well-formed one), the rest empty.
    /// </summary>
    public static LateSubmission FromParsed(DateTimeOffset at, string campaignId, string? holderName, string? contactEmail)
    {
        var name = (holderName ?? "").Trim();
        var email = (contactEmail ?? "").Trim();
        return new LateSubmission(
            at,
            campaignId,
            name.Length > MaxHolderNameLength ? name[..MaxHolderNameLength] : name,
            Ami.Domain.Validation.EmailAddresses.IsValid(email) ? email : "");
    }

    /// <summary>The hour (UTC) an attempt belongs to: staff get at most one notice per campaign and hour.</summary>
    public DateTimeOffset Hour => new(At.UtcDateTime.Year, At.UtcDateTime.Month, At.UtcDateTime.Day, At.UtcDateTime.Hour, 0, 0, TimeSpan.Zero);
}

/// <summary>Late submission attempts, recorded by intake and listed in the staff's daily digest.</summary>
public interface ILateSubmissionLog
{
    /// <summary>
    /// Records the attempt unless <see cref="LateSubmission.MaxRecordedPerCampaignHour"/> attempts of its campaign are
    /// recorded for its hour already; true when recorded.
    /// </summary>
    Task<bool> RecordAsync(LateSubmission attempt, CancellationToken cancellationToken);

    /// <summary>Attempts made at or after <paramref name="since"/>, oldest first.</summary>
    Task<IReadOnlyList<LateSubmission>> ListSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);
}

/// <summary>Mails the campaign's staff a notice of late attempts: at most one per campaign and hour, however many attempts.</summary>
public interface ILateSubmissionNotifier
{
    Task NotifyAsync(LateSubmission attempt, CancellationToken cancellationToken);
}
