using Ami.Domain.Dossiers;
using Ami.Domain.Money;
using Ami.Domain.Payments;
using Ami.Domain.Scanning;
using Ami.Domain.Scoring;
using Ami.Domain.States;

namespace Ami.Workflow.Ports;

/// <summary>An uploaded file of a dossier, as kept in Blob storage.</summary>
/// <param name="Scan">The antivirus state (pending until the scanner answered; rows written before scanning existed read as pending).</param>
/// <param name="Threat">The scanner's name for what it found, when infected or failed.</param>
public sealed record AttachmentInfo(string Id, string Kind, string Name, string ContentType, long Size, string Sha256, string BlobName, ScanState Scan = ScanState.Pending, string? Threat = null);

/// <summary>
/// The index row of a dossier (Table <c>Dossiers</c>): what lists, mails and the status API need without
/// reading the whole dossier. Holder name and contact email are personal data: they stay in storage and
/// never enter logs or orchestration inputs.
/// </summary>
public sealed record DossierRecord
{
    public required string DossierId { get; init; }

    public required string CampaignId { get; init; }

    public required string Reference { get; init; }

    public required DossierStatus Status { get; init; }

    public required DateTimeOffset SubmittedAt { get; init; }

    public required string HolderName { get; init; }

    public required string ContactEmail { get; init; }

    public required string ActionTitle { get; init; }

    public required Euros RequestedAmount { get; init; }

    /// <summary>SHA-256 of the holder's access token (the token itself is returned once and never stored).</summary>
    public required string AccessTokenHash { get; init; }

    public IReadOnlyList<AttachmentInfo> Attachments { get; init; } = [];

    public Euros? GrantedAmount { get; init; }

    /// <summary>
    /// The grant's payments as the CP decided them (stored with the grant, read by every release, mail and page);
    /// null before a grant, and on dossiers granted before plans were stored until their first release.
    /// </summary>
    public GrantPlan? Plan { get; init; }

    /// <summary>The campaign's scoring grid, frozen when the jury opened; null before.</summary>
    public ScoringGrid? Grid { get; init; }

    /// <summary>
    /// The grid the jury scores this dossier on: <see cref="Grid"/>, or Annex 1's for a dossier whose jury opened
    /// before grids were frozen on dossiers (the grid was code then, and every jury used it).
    /// </summary>
    public ScoringGrid JuryGrid => Grid ?? ScoringGrid.Annex1;

    public DateOnly? StartDate { get; init; }

    public DateTimeOffset? BilanDueAt { get; init; }

    /// <summary>Free JSON the journey keeps for the status API (jury summary, decision); additive.</summary>
    public string? JuryJson { get; init; }

    public string? DecisionJson { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>One line of a dossier's audit timeline (Table <c>Audit</c>, append-only).</summary>
/// <param name="Event">Stable event name, e.g. <c>submitted</c>, <c>validation:eligible</c>, <c>instalment-1-released</c>.</param>
/// <param name="Actor">Who acted: <c>holder</c>, <c>system</c>, or a role (<c>staff</c>, <c>juror-2</c>, <c>cp</c>).</param>
public sealed record TimelineEntry(DateTimeOffset At, string Event, string? Actor = null, string? Detail = null);

/// <summary>A page of dossiers and the token of the next page (null at the end).</summary>
public sealed record DossierPage(IReadOnlyList<DossierRecord> Items, string? ContinuationToken);

/// <summary>Dossiers in Table (index) and Blob (full JSON + attachments).</summary>
public interface IDossierStore
{
    Task<DossierRecord?> GetAsync(string dossierId, CancellationToken cancellationToken);

    /// <summary>The dossier as filed (or as last replaced by the holder's PUT).</summary>
    Task<DossierSubmission?> GetSubmissionAsync(string dossierId, CancellationToken cancellationToken);

    /// <summary>Reads, applies <paramref name="change"/> and writes back under optimistic concurrency (retried on conflict).</summary>
    Task<DossierRecord> UpdateAsync(string dossierId, Func<DossierRecord, DossierRecord> change, CancellationToken cancellationToken);

    Task<DossierPage> ListAsync(string campaignId, DossierStatus? status, int pageSize, string? continuationToken, CancellationToken cancellationToken);
}

/// <summary>The append-only audit timeline of each dossier.</summary>
public interface ITimeline
{
    /// <summary>Appends once: the same <paramref name="key"/> appended twice (a retried activity) is kept once.</summary>
    Task AppendAsync(string dossierId, string key, TimelineEntry entry, CancellationToken cancellationToken);

    Task<IReadOnlyList<TimelineEntry>> ListAsync(string dossierId, CancellationToken cancellationToken);
}
