namespace Ami.Workflow.Storage;

/// <summary>The tables of the intake and its adapters (others register theirs with <c>AddAmiTable</c>).</summary>
public static class TableNames
{
    /// <summary>Index rows of dossiers: PartitionKey = campaignId, RowKey = dossierId.</summary>
    public const string Dossiers = "Dossiers";

    /// <summary>Timeline: PartitionKey = dossierId, RowKey = the entry's key (append-once).</summary>
    public const string Audit = "Audit";

    public const string Campaigns = "Campaigns";

    public const string LateSubmissions = "LateSubmissions";

    /// <summary>Reference counters: one row per campaign, updated under If-Match.</summary>
    public const string Counters = "Counters";

    public const string Idempotency = "Idempotency";

    /// <summary>Uploads in progress (a journal row per POST/PUT, removed when it ends): what the sweeper repairs after a crash.</summary>
    public const string Uploads = "Uploads";

    /// <summary>Claims of the holder's once-only moves (start, bilan, withdrawal): PartitionKey = dossierId, RowKey = <c>{move}:{attempt}</c>.</summary>
    public const string HolderMoves = "HolderMoves";

    /// <summary>Drafts of dossiers ("Enregistrer le brouillon"): PartitionKey = campaignId, RowKey = draftId.</summary>
    public const string Drafts = "Drafts";

    /// <summary>Who a staff member is (PK <c>staff</c>, RK their id): the name and address behind a <c>staff:{id}</c> actor.</summary>
    public const string StaffPeople = "StaffPeople";

    public static IReadOnlyList<string> All { get; } = [Dossiers, Audit, Campaigns, LateSubmissions, Counters, Idempotency, Uploads, HolderMoves, Drafts, StaffPeople];
}
