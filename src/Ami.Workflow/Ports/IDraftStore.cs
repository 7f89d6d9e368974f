namespace Ami.Workflow.Ports;

/// <summary>
/// A draft of a dossier ("Enregistrer le brouillon"): what was typed in the filing form, kept server-side under its
/// field names; never the files. A draft is not a dossier: no reference, no journey, until it is filed.
/// The contact address is personal data: it stays in storage, never in logs.
/// </summary>
public sealed record Draft(
    string CampaignId,
    string DraftId,
    string ContactEmail,
    IReadOnlyDictionary<string, string> Values,
    DateTimeOffset SavedAt,
    DateTimeOffset UpdatedAt,
    string? FiledReference = null);

/// <summary>How many drafts a campaign holds (for staff).</summary>
/// <param name="Unfinished">Drafts not filed yet.</param>
/// <param name="Filed">Drafts filed as a dossier.</param>
public sealed record DraftCount(int Unfinished, int Filed);

/// <summary>The drafts of the campaigns.</summary>
public interface IDraftStore
{
    /// <summary>Creates or replaces a draft (never one already filed: false then).</summary>
    /// <exception cref="DraftTooLargeException">What was typed exceeds what a draft keeps.</exception>
    Task<bool> SaveAsync(Draft draft, CancellationToken cancellationToken);

    Task<Draft?> GetAsync(string campaignId, string draftId, CancellationToken cancellationToken);

    /// <summary>Marks the draft filed with the dossier's reference (idempotent).</summary>
    Task MarkFiledAsync(string campaignId, string draftId, string reference, CancellationToken cancellationToken);

    /// <summary>The campaign's drafts not filed yet.</summary>
    Task<IReadOnlyList<Draft>> ListUnfinishedAsync(string campaignId, CancellationToken cancellationToken);

    Task<DraftCount> CountAsync(string campaignId, CancellationToken cancellationToken);
}

/// <summary>What was typed is more than a draft keeps.</summary>
public sealed class DraftTooLargeException : Exception
{
    public DraftTooLargeException()
        : base("The draft exceeds what a draft keeps.")
    {
    }

    public DraftTooLargeException(string message)
        : base(message)
    {
    }

    public DraftTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
