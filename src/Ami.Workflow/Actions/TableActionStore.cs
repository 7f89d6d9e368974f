using System.Text.Json;
using Ami.Domain.Json;
using Ami.Workflow.Ports;
using Ami.Workflow.Storage;
using Azure;
using Azure.Data.Tables;

namespace Ami.Workflow.Actions;

/// <summary>
/// <see cref="IActionStore"/> on Table <c>Actions</c>: one row per link (RK <c>{step}:{attempt}:{actor}</c>)
/// and one row per decided step (RK <c>{step}:{attempt}</c>, insert-if-absent), all in the dossier's partition.
/// </summary>
public sealed class TableActionStore(AmiStorage storage) : IActionStore
{
    public const string TableName = "Actions";
    private const string LinkKind = "link";
    private const string DecisionKind = "decision";


    public async Task IssueAsync(ActionGrant grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var table = await TableAsync(cancellationToken);
        var entity = new TableEntity(grant.DossierId, ActionKeys.Link(grant.Step, grant.Attempt, grant.Actor))
        {
            ["Kind"] = LinkKind,
            ["Step"] = grant.Step,
            ["Attempt"] = grant.Attempt,
            ["Actor"] = grant.Actor,
            ["Role"] = grant.Role.ToString(),
            ["Index"] = grant.Index,
            ["Decisions"] = string.Join(',', grant.Decisions),
            ["IssuedAt"] = grant.IssuedAt,
            ["Status"] = ActionLinkStatus.Pending.ToString(),
        };
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Issued by a previous run of the same activity: keep the row as it is (it may already be used).
        }
    }

    public async Task<ActionRecord?> GetAsync(string dossierId, string step, int attempt, string actor, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(dossierId, ActionKeys.Link(step, attempt, actor), cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } e ? ToRecord(e) : null;
    }

    public async Task<IReadOnlyList<ActionRecord>> ListAsync(string dossierId, string step, int attempt, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var prefix = ActionKeys.Step(step, attempt) + ":";
        var upper = ActionKeys.Step(step, attempt) + ";";
        var result = new List<ActionRecord>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {dossierId} and RowKey ge {prefix} and RowKey lt {upper}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            result.Add(ToRecord(e));
        }

        return result;
    }

    public async Task<bool> TryMarkAsync(ActionRecord record, ActionLinkStatus status, StepDecision? decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var table = await TableAsync(cancellationToken);
        var g = record.Grant;
        var entity = new TableEntity(g.DossierId, ActionKeys.Link(g.Step, g.Attempt, g.Actor)) { ["Status"] = status.ToString() };
        if (decision is not null)
        {
            WriteDecision(entity, decision);
        }

        try
        {
            await table.UpdateEntityAsync(entity, new ETag(record.ETag), TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    public async Task<bool> TryDecideStepAsync(StepDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var table = await TableAsync(cancellationToken);
        var entity = new TableEntity(decision.DossierId, ActionKeys.Step(decision.Step, decision.Attempt))
        {
            ["Kind"] = DecisionKind,
            ["Step"] = decision.Step,
            ["Attempt"] = decision.Attempt,
            ["Actor"] = decision.Actor,
        };
        WriteDecision(entity, decision);
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<StepDecision?> GetStepDecisionAsync(string dossierId, string step, int attempt, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(dossierId, ActionKeys.Step(step, attempt), cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } e ? ReadDecision(e) : null;
    }

    public async Task<int> CancelPendingAsync(string dossierId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var pending = ActionLinkStatus.Pending.ToString();
        var count = 0;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {dossierId} and Kind eq {LinkKind} and Status eq {pending}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var update = new TableEntity(e.PartitionKey, e.RowKey) { ["Status"] = ActionLinkStatus.Cancelled.ToString() };
            try
            {
                await table.UpdateEntityAsync(update, e.ETag, TableUpdateMode.Merge, cancellationToken);
                count++;
            }
            catch (RequestFailedException ex) when (ex.Status is 412 or 404)
            {
                // Used meanwhile: that decision stands as recorded.
            }
        }

        return count;
    }

    private async Task<TableClient> TableAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        return storage.Table(TableName);
    }

    private static void WriteDecision(TableEntity entity, StepDecision decision)
    {
        entity["Decision"] = decision.Decision;
        entity["Comment"] = decision.Comment;
        entity["Details"] = JsonSerializer.Serialize(decision.Details, AmiJson.Options);
        entity["DecidedAt"] = decision.DecidedAt;
        entity["DecidedBy"] = decision.Actor;
        entity["LinkExpiresAt"] = decision.LinkExpiresAt;
    }

    private static StepDecision? ReadDecision(TableEntity e)
    {
        var decision = e.GetString("Decision");
        if (decision is null)
        {
            return null;
        }

        var details = e.GetString("Details") is { Length: > 0 } json ? JsonSerializer.Deserialize<DecisionDetails>(json, AmiJson.Options) : null;
        return new StepDecision(
            e.PartitionKey,
            e.GetString("Step") ?? "",
            e.GetInt32("Attempt") ?? 0,
            e.GetString("DecidedBy") ?? e.GetString("Actor") ?? "",
            decision,
            e.GetString("Comment"),
            details ?? new DecisionDetails(),
            e.GetDateTimeOffset("DecidedAt") ?? DateTimeOffset.MinValue)
        {
            LinkExpiresAt = e.GetDateTimeOffset("LinkExpiresAt"),
        };
    }

    private static ActionRecord ToRecord(TableEntity e) => new()
    {
        Grant = new ActionGrant(
            e.PartitionKey,
            e.GetString("Step") ?? "",
            e.GetInt32("Attempt") ?? 0,
            e.GetString("Actor") ?? "",
            Enum.TryParse<RecipientRole>(e.GetString("Role"), out var role) ? role : RecipientRole.Staff,
            e.GetInt32("Index") ?? 0,
            (e.GetString("Decisions") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
            e.GetDateTimeOffset("IssuedAt") ?? DateTimeOffset.MinValue),
        Status = Enum.TryParse<ActionLinkStatus>(e.GetString("Status"), out var status) ? status : ActionLinkStatus.Cancelled,
        Decision = ReadDecision(e),
        ETag = e.ETag.ToString(),
    };
}
