using System.Text.Json.Serialization;
using Ami.Domain.Money;
using Ami.Domain.Scoring;

namespace Ami.Domain.Campaigns;

/// <summary>
/// One call for projects (the 2015 AMI is one of them): dates, money rules, limits and the people who
/// act on its dossiers. Campaigns are data (<c>campaigns/*.json</c>), never code.
/// </summary>
public sealed record Campaign
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public required DateTimeOffset OpensAt { get; init; }

    /// <summary>The call's closing date; <see cref="CampaignDeadline.ClosesAt"/> is the first refused instant.</summary>
    public required CampaignDeadline Deadline { get; init; }

    public required Euros MaxGrant { get; init; }

    /// <summary>First and second instalment, in percent of the grant (70/30).</summary>
    public IReadOnlyList<int> InstalmentPercents { get; init; } = [70, 30];

    public int MaxDurationMonths { get; init; } = 12;

    public IsoDuration BilanDueAfter { get; init; } = IsoDuration.FromMonths(12);

    public IsoDuration JuryDueAfterClose { get; init; } = IsoDuration.FromDays(30);

    public required string ContactEmail { get; init; }

    public IReadOnlyList<string> Staff { get; init; } = [];

    public IReadOnlyList<string> Jurors { get; init; } = [];

    public required string JuryPresident { get; init; }

    public required string CpSecretariat { get; init; }

    public required string Finance { get; init; }

    /// <summary>Prefix of the dossier references, e.g. <c>AMI-IS-2015</c> → <c>AMI-IS-2015-0001</c>.</summary>
    public string? ReferencePrefix { get; init; }

    /// <summary>Postal departments where a holder must be established (Aquitaine: 24, 33, 40, 47, 64).</summary>
    public IReadOnlyList<string> EligibleDepartments { get; init; } = ["24", "33", "40", "47", "64"];

    public AttachmentLimits Attachments { get; init; } = new();

    public CampaignSchedule Schedule { get; init; } = new();

    /// <summary>
    /// The jury's reading grid: criteria, their French labels and the meaning of levels 0 to 3. A campaign posted
    /// without one gets Annex 1's (<see cref="ScoringGrid.Annex1"/>). A dossier keeps the grid its jury opened with.
    /// </summary>
    public IReadOnlyList<Criterion> Grid { get; init; } = ScoringGrid.Annex1.Criteria;

    /// <summary><see cref="Grid"/> as a grid (checked by <see cref="CampaignRules"/>).</summary>
    [JsonIgnore]
    public ScoringGrid ScoringGrid => new(Grid);

    [JsonIgnore]
    public string EffectiveReferencePrefix => ReferencePrefix ?? Id.ToUpperInvariant();

    /// <summary>Whether a dossier may be filed at <paramref name="now"/>: from <see cref="OpensAt"/> (included) to <see cref="CampaignDeadline.ClosesAt"/> (excluded).</summary>
    public SubmissionWindow WindowAt(DateTimeOffset now) =>
        now < OpensAt ? SubmissionWindow.NotYetOpen
        : Deadline.IsPassed(now) ? SubmissionWindow.Closed
        : SubmissionWindow.Open;

    /// <summary>When the jury is due: <see cref="JuryDueAfterClose"/> after the deadline, counted on the Paris calendar.</summary>
    public DateTimeOffset JuryDueAt() => ParisTime.Add(Deadline.ClosesAt, JuryDueAfterClose);
}

/// <summary>Where a moment falls in a campaign's submission period.</summary>
public enum SubmissionWindow
{
    /// <summary>Before <see cref="Campaign.OpensAt"/>: refused with <c>campaign-not-open</c>.</summary>
    NotYetOpen,

    Open,

    /// <summary>From <see cref="CampaignDeadline.ClosesAt"/>: refused with <c>deadline-passed</c>.</summary>
    Closed,
}

/// <summary>Limits on uploaded files (defaults of docs/api.md: 25 MB a file, 100 MB a dossier, 20 files).</summary>
public sealed record AttachmentLimits
{
    public long MaxFileBytes { get; init; } = 25L * 1024 * 1024;

    public long MaxDossierBytes { get; init; } = 100L * 1024 * 1024;

    public int MaxFiles { get; init; } = 20;
}

/// <summary>
/// The reminder and waiting durations of the journey. Data, so that tests can run a campaign in seconds
/// (there is no fake clock for durable timers).
/// </summary>
public sealed record CampaignSchedule
{
    /// <summary>Reminders to a holder asked for changes, this long before the deadline (J-7, J-2).</summary>
    public IReadOnlyList<IsoDuration> ChangesRemindersBeforeDeadline { get; init; } = [IsoDuration.FromDays(7), IsoDuration.FromDays(2)];

    /// <summary>Reminders to late jurors, this long before the jury is due.</summary>
    public IReadOnlyList<IsoDuration> JuryRemindersBeforeDue { get; init; } = [IsoDuration.FromDays(7), IsoDuration.FromDays(2)];

    /// <summary>Reminders before the bilan is due (M-1, J-7).</summary>
    public IReadOnlyList<IsoDuration> BilanRemindersBeforeDue { get; init; } = [IsoDuration.FromMonths(1), IsoDuration.FromDays(7)];

    /// <summary>Overdue reminders after the bilan due date (J+7), also sent to staff.</summary>
    public IReadOnlyList<IsoDuration> BilanRemindersAfterDue { get; init; } = [IsoDuration.FromDays(7)];

    /// <summary>How long a staff decision (validation, audition, bilan) may wait before staff are reminded.</summary>
    public IsoDuration StaffReminderEvery { get; init; } = IsoDuration.FromDays(7);

    /// <summary>How long a mailed action link stays valid.</summary>
    public IsoDuration ActionLinkValidity { get; init; } = IsoDuration.FromDays(120);

    /// <summary>How long a granted holder has to declare the start before staff are alerted.</summary>
    public IsoDuration StartExpectedWithin { get; init; } = IsoDuration.FromMonths(6);
}
