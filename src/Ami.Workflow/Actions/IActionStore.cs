using System.Globalization;
using Ami.Domain.Money;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Actions;

/// <summary>Where a mailed link stands: pending until it is used once, or made void.</summary>
public enum ActionLinkStatus
{
    Pending,
    Used,

    /// <summary>Used, but another actor decided the same step first (the decision did not count).</summary>
    Superseded,

    /// <summary>Made void: the dossier was withdrawn or the step is over.</summary>
    Cancelled,
}

/// <summary>A link to issue: one per actor and step attempt (the row exists before the mail leaves).</summary>
public sealed record ActionGrant(
    string DossierId,
    string Step,
    int Attempt,
    string Actor,
    RecipientRole Role,
    int Index,
    IReadOnlyList<string> Decisions,
    DateTimeOffset IssuedAt);

/// <summary>The details of a decision, kept in Table (never in orchestration history).</summary>
public sealed record DecisionDetails
{
    /// <summary>Validation: an audition is wanted, when and where.</summary>
    public bool? Audition { get; init; }

    public DateTimeOffset? AuditionAt { get; init; }

    public string? AuditionPlace { get; init; }

    /// <summary>Jury: the juror's 0–3 scores by criterion key.</summary>
    public IReadOnlyDictionary<string, int>? Scores { get; init; }

    /// <summary>Jury opinion: the amount the jury proposes.</summary>
    public Euros? ProposedAmount { get; init; }

    /// <summary>CP decision: the amount granted and the date of the Commission permanente.</summary>
    public Euros? Amount { get; init; }

    public DateOnly? CpDate { get; init; }
}

/// <summary>A decision on a step (the first one wins: a second decision on the same step is refused).</summary>
public sealed record StepDecision(
    string DossierId,
    string Step,
    int Attempt,
    string Actor,
    string Decision,
    string? Comment,
    DecisionDetails Details,
    DateTimeOffset DecidedAt)
{
    /// <summary>The expiry of the link the decision was made with: an older link of the same person was replaced by it.</summary>
    public DateTimeOffset? LinkExpiresAt { get; init; }
}

/// <summary>The stored state of one link (Table <c>Actions</c>, PK dossier id, RK <c>{step}:{attempt}:{actor}</c>).</summary>
public sealed record ActionRecord
{
    public required ActionGrant Grant { get; init; }

    public required ActionLinkStatus Status { get; init; }

    /// <summary>The actor's own decision once the link is used (a juror's sheet).</summary>
    public StepDecision? Decision { get; init; }

    /// <summary>Optimistic concurrency tag of the row as read.</summary>
    public required string ETag { get; init; }
}

/// <summary>
/// Single-use action links and the decisions made through them. Every write is conditional: a link is
/// used once (ETag), and a step is decided once (insert-if-absent).
/// </summary>
public interface IActionStore
{
    /// <summary>Creates the pending link row unless it exists (a retried activity issues it once).</summary>
    Task IssueAsync(ActionGrant grant, CancellationToken cancellationToken);

    Task<ActionRecord?> GetAsync(string dossierId, string step, int attempt, string actor, CancellationToken cancellationToken);

    /// <summary>The links of one step attempt (e.g. every juror's).</summary>
    Task<IReadOnlyList<ActionRecord>> ListAsync(string dossierId, string step, int attempt, CancellationToken cancellationToken);

    /// <summary>Marks the link as read, under its ETag; false when it changed since (used concurrently).</summary>
    Task<bool> TryMarkAsync(ActionRecord record, ActionLinkStatus status, StepDecision? decision, CancellationToken cancellationToken);

    /// <summary>Records the decision of a step; false when the step was already decided (by anyone).</summary>
    Task<bool> TryDecideStepAsync(StepDecision decision, CancellationToken cancellationToken);

    Task<StepDecision?> GetStepDecisionAsync(string dossierId, string step, int attempt, CancellationToken cancellationToken);

    /// <summary>Voids every pending link of the dossier (withdrawal); returns how many.</summary>
    Task<int> CancelPendingAsync(string dossierId, CancellationToken cancellationToken);
}

public static class ActionKeys
{
    public static string Link(string step, int attempt, string actor) => FormattableString.Invariant($"{step}:{attempt}:{actor}");

    public static string Step(string step, int attempt) => FormattableString.Invariant($"{step}:{attempt}");

    private const string StaffPrefix = "staff-";
    private const string JurorPrefix = "juror-";

    /// <summary>The actor id of a link's recipient: <c>staff-N</c>, <c>juror-N</c>, <c>president</c>, <c>cp</c>, <c>finance</c>, <c>holder</c>.</summary>
    public static string Actor(RecipientRole role, int index) => role switch
    {
        RecipientRole.Staff => StaffPrefix + index.ToString(CultureInfo.InvariantCulture),
        RecipientRole.Juror => JurorPrefix + index.ToString(CultureInfo.InvariantCulture),
        RecipientRole.JuryPresident => "president",
        RecipientRole.CpSecretariat => "cp",
        RecipientRole.Finance => "finance",
        _ => "holder",
    };

    /// <summary>
    /// The recipient an actor id names, read back (the one place that parses <see cref="Actor"/>'s ids): null for an id
    /// <see cref="Actor"/> does not write (<c>system</c>, <c>jury</c>, a staff page's <c>staff:{id}</c>).
    /// </summary>
    public static Recipient? Recipient(string? actor) => actor switch
    {
        "president" => new Recipient(RecipientRole.JuryPresident),
        "cp" => new Recipient(RecipientRole.CpSecretariat),
        "finance" => new Recipient(RecipientRole.Finance),
        "holder" => new Recipient(RecipientRole.Holder),
        _ when Indexed(actor, StaffPrefix) is { } i => new Recipient(RecipientRole.Staff, i),
        _ when Indexed(actor, JurorPrefix) is { } i => new Recipient(RecipientRole.Juror, i),
        _ => null,
    };

    /// <summary>The index of <paramref name="actor"/> when it is a <paramref name="role"/>'s id (<c>juror-2</c> → 2), else null.</summary>
    public static int? IndexOf(string? actor, RecipientRole role) =>
        Recipient(actor) is { } r && r.Role == role ? r.Index : null;

    private static int? Indexed(string? actor, string prefix) =>
        actor is not null && actor.StartsWith(prefix, StringComparison.Ordinal)
        && int.TryParse(actor.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : null;
}
