using Ami.Domain.Campaigns;
using Ami.Domain.States;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Activities;

/// <summary>The journey's activities (one side effect each, idempotent: Durable runs an activity at least once).</summary>
public static class ActivityNames
{
    public const string LoadJourneyPlan = "LoadJourneyPlan";
    public const string RecordTransition = "RecordTransition";
    public const string SendMail = "SendMail";
    public const string SendActionLinks = "SendActionLinks";
    public const string CancelPendingActions = "CancelPendingActions";
    public const string AggregateJury = "AggregateJury";
    public const string RecordCpDecision = "RecordCpDecision";
    public const string RecordStart = "RecordStart";
    public const string ReleaseInstalment = "ReleaseInstalment";
    public const string ReadDossierStatus = "ReadDossierStatus";
    public const string ScanAttachments = "ScanAttachments";

    // The campaign calendar's (Workspaces/CampaignCalendar.cs).
    public const string LoadCalendarPlan = "LoadCalendarPlan";
    public const string ReadCampaignJuryState = "ReadCampaignJuryState";
    public const string SendCalendarMail = "SendCalendarMail";
}

/// <summary>Input of <see cref="ActivityNames.LoadJourneyPlan"/>.</summary>
public sealed record JourneyPlanRequest(string DossierId, string CampaignId);

/// <summary>
/// What the orchestrator needs of the campaign: instants, durations and head counts, never addresses.
/// </summary>
public sealed record JourneyPlan(
    DateTimeOffset ClosesAt,
    DateTimeOffset JuryDueAt,
    int StaffCount,
    int JurorCount,
    int InstalmentCount,
    CampaignSchedule Schedule);

/// <summary>Input of <see cref="ActivityNames.RecordTransition"/>: a line of the timeline and, optionally, the new status.</summary>
/// <param name="Key">Deterministic key (<c>{instanceId}:{sequence}</c>): a retried activity appends once.</param>
/// <param name="Event">Stable event name, e.g. <c>validation:eligible</c>.</param>
/// <param name="Actor">Who: <c>holder</c>, <c>system</c>, <c>staff-0</c>, <c>juror-2</c>…</param>
public sealed record TransitionRequest(
    string DossierId,
    string Key,
    DateTimeOffset At,
    string Event,
    string Actor,
    DossierStatus? To = null,
    string? Detail = null);

/// <summary>Points at a decision kept in Table <c>Actions</c>, whose details (comment, amounts, dates) the mail shows.</summary>
public sealed record DecisionRef(string Step, int Attempt);

/// <summary>Input of <see cref="ActivityNames.SendMail"/>: one mail per recipient, sent once per (kind, step key, recipient).</summary>
public sealed record MailRequest(
    string DossierId,
    MailKind Kind,
    string StepKey,
    IReadOnlyList<Recipient> To,
    DecisionRef? Decision = null,
    IReadOnlyDictionary<string, string>? Values = null);

/// <summary>
/// Input of <see cref="ActivityNames.SendActionLinks"/>: issue a single-use link per recipient (or re-mail it
/// with a fresh expiry, for reminders) and mail it. The token is made inside the activity, never returned.
/// </summary>
/// <param name="IssuedAt">The orchestration's time when the links are (re)sent.</param>
/// <param name="ExpiresAt">From the orchestration's time and the campaign's link validity, so a retry makes the same token.</param>
/// <param name="OnlyPending">Reminders: skip the actors whose link is no longer pending.</param>
/// <param name="Decision">An earlier decision whose details the mail shows (the jury's opinion to the CP).</param>
/// <param name="Values">Non-personal values the mail shows (due date, the step's start for reminders).</param>
public sealed record ActionLinksRequest(
    string DossierId,
    string Step,
    int Attempt,
    MailKind Kind,
    string StepKey,
    IReadOnlyList<Recipient> To,
    IReadOnlyList<string> Decisions,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    bool OnlyPending = false,
    DecisionRef? Decision = null,
    IReadOnlyDictionary<string, string>? Values = null)
{
    /// <summary>
    /// Issue the links (rows in Table <c>Actions</c>) without mailing them: journeys of 1.3 leave the jurors', the
    /// president's and the CP's mails to the campaign's calendar (one mail per person, a workspace for the whole call).
    /// </summary>
    public bool Quiet { get; init; }
}

/// <summary>
/// Output of <see cref="ActivityNames.SendActionLinks"/>: how many mails left and the decisions already
/// recorded for that step attempt (so an event lost between the store and the engine is not waited for forever).
/// </summary>
public sealed record ActionLinksSent(int Mailed, IReadOnlyList<Orchestrations.ActionDecision> Recorded);

/// <summary>Input of <see cref="ActivityNames.AggregateJury"/>.</summary>
public sealed record JuryRequest(string DossierId, int Attempt);

/// <summary>Output of <see cref="ActivityNames.AggregateJury"/>.</summary>
public sealed record JurySummary(int Sheets, int Conflicts);

/// <summary>Input of <see cref="ActivityNames.RecordCpDecision"/> and of the step it reads.</summary>
public sealed record CpDecisionRequest(string DossierId, int Attempt, int OpinionAttempt);

/// <summary>Input of <see cref="ActivityNames.RecordStart"/>.</summary>
/// <param name="TimelineKey">The timeline line's key, from the orchestration (appended once).</param>
public sealed record StartRequest(string DossierId, DateOnly StartDate, DateTimeOffset DeclaredAt, string TimelineKey);

/// <summary>Input of <see cref="ActivityNames.ReleaseInstalment"/>.</summary>
/// <param name="TimelineKey">The timeline line's key, from the orchestration (appended once).</param>
public sealed record InstalmentRequest(string DossierId, int Number, DateTimeOffset At, string TimelineKey);

/// <summary>Output of <see cref="ActivityNames.ReleaseInstalment"/>.</summary>
/// <param name="Released">False when the ledger already had that instalment (a retried activity).</param>
public sealed record InstalmentReleased(int Number, int Percent, long AmountCents, bool Released);
