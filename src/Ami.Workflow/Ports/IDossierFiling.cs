using System.Text.Json;
using Ami.Domain.Dossiers;
using Ami.Domain.Json;

namespace Ami.Workflow.Ports;

/// <summary>
/// A dossier's row as filing sees it: the record, and what only filing and its repair use: whether the dossier is
/// visible yet (committed once its journey is scheduled), the upload whose files and JSON the row points to, and the
/// staff list's columns taken from the dossier as filed.
/// </summary>
public sealed record FiledDossier
{
    public required DossierRecord Record { get; init; }

    /// <summary>False from the row's insertion until the journey is scheduled: invisible to the status API and to lists.</summary>
    public bool Committed { get; init; }

    /// <summary>The upload (POST or PUT) whose files and JSON the row currently points to.</summary>
    public string UploadId { get; init; } = "";

    /// <summary>Blob name of the dossier JSON as filed (or as last replaced).</summary>
    public string SubmissionBlob { get; init; } = "";

    /// <summary>The holder's type as in the API (<c>user-collective</c>), for the staff list's filter.</summary>
    public string HolderType { get; init; } = "";

    /// <summary>The holder's postal code, for the staff list's filter.</summary>
    public string PostalCode { get; init; } = "";

    /// <summary>The storage's version of the row as last read or written (opaque): lets a write assume nobody changed it since.</summary>
    public string? Version { get; init; }

    /// <summary>The list's columns from the dossier as filed.</summary>
    public FiledDossier WithListColumns(DossierSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        return this with
        {
            HolderType = submission.Holder?.Type is { } type ? JsonSerializer.Serialize(type, AmiJson.Options).Trim('"') : "",
            PostalCode = submission.Holder?.Address?.PostalCode?.Trim() ?? "",
        };
    }
}

/// <summary>
/// The dossier rows as filing writes them (<see cref="Intake.DossierIntake"/>) and its repair reads them
/// (<see cref="Intake.StagingSweeper"/>): a new row is inserted uncommitted, committed once its journey is scheduled,
/// or removed when the filing is undone; a replacement switches the row to its upload's files.
/// </summary>
public interface IDossierFiling
{
    /// <summary>The row, committed or not; null when there is none.</summary>
    Task<FiledDossier?> GetFiledAsync(string dossierId, CancellationToken cancellationToken);

    /// <summary>Inserts the row of a new dossier; fails if the id exists. Returns the row with its <see cref="FiledDossier.Version"/>.</summary>
    Task<FiledDossier> InsertAsync(FiledDossier row, CancellationToken cancellationToken);

    /// <summary>
    /// Reads, applies <paramref name="change"/> and writes back under optimistic concurrency (retried on conflict);
    /// <paramref name="change"/> returns null to leave the row as it is. Returns the row as it is now; null when there is none.
    /// </summary>
    Task<FiledDossier?> UpdateFiledAsync(string dossierId, Func<FiledDossier, FiledDossier?> change, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the row just inserted committed: one small write when nobody changed it since <paramref name="inserted"/>
    /// (its version), else a read-modify-write (the journey may already have updated it).
    /// </summary>
    Task MarkCommittedAsync(FiledDossier inserted, CancellationToken cancellationToken);

    /// <summary>Removes the row of a dossier undone before its commit point (a visible dossier is never removed).</summary>
    Task DeleteAsync(string campaignId, string dossierId, CancellationToken cancellationToken);
}

/// <summary>
/// Removes the timeline of a dossier that never became visible (a filing undone before its commit point). Not part of
/// <see cref="ITimeline"/>: a visible dossier's timeline is append-only.
/// </summary>
public interface ITimelineRollback
{
    Task DeleteUncommittedAsync(string dossierId, CancellationToken cancellationToken);
}
