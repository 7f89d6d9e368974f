using Ami.Domain.Money;

namespace Ami.Workflow.Workspaces;

public enum CpSessionState
{
    /// <summary>Opened: its decisions are being entered.</summary>
    Open,

    /// <summary>Its decisions are valid and kept; each dossier's decision is being recorded (a retry resumes here).</summary>
    Submitting,

    /// <summary>Every decision is recorded: the session is the "tableau des décisions", and a second submission does nothing.</summary>
    Submitted,
}

/// <summary>One decision of a session, as the tableau des décisions lists it.</summary>
/// <param name="Decision"><c>granted</c> or <c>refused</c>.</param>
/// <param name="Opinion">The jury's opinion (<c>favourable</c>, <c>unfavourable</c>) and <paramref name="ProposedAmount"/>, as the session saw them.</param>
/// <param name="Outcome">Once submitted: <c>recorded</c>, or why not (<c>other-session</c>, <c>already-decided</c>, <c>step-closed</c>).</param>
/// <param name="Attempt">The attempt of the <c>cp-decision</c> step the session saw the journey wait for.</param>
public sealed record CpSessionDecision(
    string DossierId,
    string Reference,
    string HolderName,
    string ActionTitle,
    Euros RequestedAmount,
    string Opinion,
    Euros? ProposedAmount,
    string Decision,
    Euros? Amount,
    string? Reasons,
    string? Outcome = null,
    int Attempt = 1);

/// <summary>A session of the Commission permanente (Table <c>CpSessions</c>): its date and, once submitted, its decisions.</summary>
public sealed record CpSession
{
    public required string CampaignId { get; init; }

    /// <summary><c>{yyyyMMdd}-{8 hex}</c>: part of each decision's idempotency key (a dossier is claimed by one session).</summary>
    public required string SessionId { get; init; }

    public required DateOnly Date { get; init; }

    public required DateTimeOffset OpenedAt { get; init; }

    public CpSessionState State { get; init; }

    public IReadOnlyList<CpSessionDecision> Decisions { get; init; } = [];

    public DateTimeOffset? SubmittedAt { get; init; }

    /// <summary>The row's optimistic concurrency tag as read.</summary>
    public string ETag { get; init; } = "";
}

/// <summary>The sessions of the Commission permanente, and which session decides each dossier.</summary>
public interface ICpSessionStore
{
    /// <summary>Creates the session unless it exists (the same form posted twice opens one session); returns the stored one.</summary>
    Task<CpSession> OpenAsync(CpSession session, CancellationToken cancellationToken);

    Task<CpSession?> GetAsync(string campaignId, string sessionId, CancellationToken cancellationToken);

    /// <summary>The campaign's sessions, newest first.</summary>
    Task<IReadOnlyList<CpSession>> ListAsync(string campaignId, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="session"/> under its <see cref="CpSession.ETag"/>; false when it changed since.</summary>
    Task<bool> TryUpdateAsync(CpSession session, CancellationToken cancellationToken);

    /// <summary>
    /// Claims <paramref name="dossierId"/> for <paramref name="sessionId"/> (insert-if-absent) and returns the session that
    /// holds it: this one, or the one that claimed it first. The dossier id and the session id are the decision's
    /// idempotency key: only the claiming session decides the dossier, and deciding it again is no second effect.
    /// </summary>
    Task<string> ClaimAsync(string campaignId, string dossierId, string sessionId, CancellationToken cancellationToken);
}
