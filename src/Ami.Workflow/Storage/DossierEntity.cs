using System.Globalization;
using System.Text.Json;
using Ami.Domain.Json;
using Ami.Domain.Money;
using Ami.Domain.Payments;
using Ami.Domain.Scoring;
using Ami.Domain.States;
using Ami.Workflow.Ports;
using Azure;
using Azure.Data.Tables;

namespace Ami.Workflow.Storage;

/// <summary>The row of a dossier in Table <c>Dossiers</c> (PartitionKey = campaignId, RowKey = dossierId).</summary>
internal sealed class DossierEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Reference { get; set; } = "";

    /// <summary>The status as in the API (kebab-case), so that lists can filter on it.</summary>
    public string Status { get; set; } = "";

    public DateTimeOffset SubmittedAt { get; set; }

    public string HolderName { get; set; } = "";

    public string ContactEmail { get; set; } = "";

    public string ActionTitle { get; set; } = "";

    /// <summary>The holder's type as in the API (<c>user-collective</c>), for the staff list's filter; empty on rows written before it existed (set by <see cref="FiledDossier.WithListColumns"/>).</summary>
    public string HolderType { get; set; } = "";

    /// <summary>The holder's postal code (its first two digits are the department), for the staff list's filter.</summary>
    public string PostalCode { get; set; } = "";

    public long RequestedAmountCents { get; set; }

    public string AccessTokenHash { get; set; } = "";

    /// <summary>JSON array of <see cref="AttachmentInfo"/>.</summary>
    public string Attachments { get; set; } = "[]";

    public long? GrantedAmountCents { get; set; }

    /// <summary>JSON of the frozen <see cref="GrantPlan"/> (null before a grant).</summary>
    public string? PlanJson { get; set; }

    /// <summary>JSON of the frozen scoring grid (null before the jury opened).</summary>
    public string? GridJson { get; set; }

    public string? StartDate { get; set; }

    public DateTimeOffset? BilanDueAt { get; set; }

    public string? JuryJson { get; set; }

    public string? DecisionJson { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// False from the row's insertion until the journey is scheduled: such a row is invisible to the
    /// status API and to lists, and the sweeper either completes it or removes it.
    /// </summary>
    public bool Committed { get; set; }

    /// <summary>The upload (POST or PUT) whose files and JSON the row currently points to.</summary>
    public string UploadId { get; set; } = "";

    /// <summary>Blob name of the dossier JSON (<c>{campaignId}/{dossierId}/dossier.json</c>, or a PUT's version).</summary>
    public string SubmissionBlob { get; set; } = "";

    public DossierRecord ToRecord() => new()
    {
        DossierId = RowKey,
        CampaignId = PartitionKey,
        Reference = Reference,
        Status = StatusText.Parse(Status),
        SubmittedAt = SubmittedAt,
        HolderName = HolderName,
        ContactEmail = ContactEmail,
        ActionTitle = ActionTitle,
        RequestedAmount = new Euros(RequestedAmountCents),
        AccessTokenHash = AccessTokenHash,
        Attachments = JsonSerializer.Deserialize<List<AttachmentInfo>>(Attachments, AmiJson.Options) ?? [],
        GrantedAmount = GrantedAmountCents is { } g ? new Euros(g) : null,
        Plan = PlanJson is null ? null : JsonSerializer.Deserialize<GrantPlan>(PlanJson, AmiJson.Options),
        Grid = GridJson is null ? null : JsonSerializer.Deserialize<ScoringGrid>(GridJson, AmiJson.Options),
        StartDate = StartDate is null ? null : DateOnly.ParseExact(StartDate, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        BilanDueAt = BilanDueAt,
        JuryJson = JuryJson,
        DecisionJson = DecisionJson,
        UpdatedAt = UpdatedAt,
    };

    /// <summary>Copies the record's fields; keys, <see cref="Committed"/>, upload and blob names are left as they are.</summary>
    public void Apply(DossierRecord r)
    {
        Reference = r.Reference;
        Status = StatusText.Format(r.Status);
        SubmittedAt = r.SubmittedAt;
        HolderName = r.HolderName;
        ContactEmail = r.ContactEmail;
        ActionTitle = r.ActionTitle;
        RequestedAmountCents = r.RequestedAmount.Cents;
        AccessTokenHash = r.AccessTokenHash;
        Attachments = JsonSerializer.Serialize(r.Attachments, AmiJson.Options);
        GrantedAmountCents = r.GrantedAmount?.Cents;
        PlanJson = r.Plan is null ? null : JsonSerializer.Serialize(r.Plan, AmiJson.Options);
        GridJson = r.Grid is null ? null : JsonSerializer.Serialize(r.Grid, AmiJson.Options);
        StartDate = r.StartDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        BilanDueAt = r.BilanDueAt;
        JuryJson = r.JuryJson;
        DecisionJson = r.DecisionJson;
        UpdatedAt = r.UpdatedAt;
    }
}
