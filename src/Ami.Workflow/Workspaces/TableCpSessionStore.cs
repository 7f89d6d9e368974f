using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Ami.Domain.Json;
using Ami.Workflow.Storage;
using Azure;
using Azure.Data.Tables;

namespace Ami.Workflow.Workspaces;

/// <summary>
/// <see cref="ICpSessionStore"/> on Table <c>CpSessions</c>: PartitionKey = campaign id; RowKey <c>session|{id}</c> for a
/// session (date, state, its decisions as JSON compressed with Brotli, cut in binary properties <c>Decisions0</c>,
/// <c>Decisions1</c>… of 60 KiB: a Table property holds 64 KiB, an entity 1 MiB, so a session of several thousand decisions
/// fits), <c>dossier|{dossierId}</c> for the claim of a dossier by a session.
/// </summary>
public sealed class TableCpSessionStore(AmiStorage storage) : ICpSessionStore
{
    public const string TableName = "CpSessions";

    private const string SessionPrefix = "session|";
    private const int ChunkBytes = 60 * 1024;
    private const string ClaimPrefix = "dossier|";

    public async Task<CpSession> OpenAsync(CpSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var table = await TableAsync(cancellationToken);
        try
        {
            await table.AddEntityAsync(ToEntity(session), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Opened by the same form before: the stored session stands.
        }

        return await GetAsync(session.CampaignId, session.SessionId, cancellationToken) ?? throw new InvalidOperationException("session not stored");
    }

    public async Task<CpSession?> GetAsync(string campaignId, string sessionId, CancellationToken cancellationToken)
    {
        if (!IsSessionId(sessionId))
        {
            return null;
        }

        var table = await TableAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(campaignId, SessionPrefix + sessionId, cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } e ? FromEntity(e) : null;
    }

    public async Task<IReadOnlyList<CpSession>> ListAsync(string campaignId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var sessions = new List<CpSession>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {campaignId} and RowKey ge {SessionPrefix} and RowKey lt {"session}"}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            sessions.Add(FromEntity(e));
        }

        return [.. sessions.OrderByDescending(s => s.Date).ThenByDescending(s => s.OpenedAt)];
    }

    public async Task<bool> TryUpdateAsync(CpSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var table = await TableAsync(cancellationToken);
        try
        {
            await table.UpdateEntityAsync(ToEntity(session), new ETag(session.ETag), TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    public async Task<string> ClaimAsync(string campaignId, string dossierId, string sessionId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        try
        {
            await table.AddEntityAsync(new TableEntity(campaignId, ClaimPrefix + dossierId) { ["SessionId"] = sessionId }, cancellationToken);
            return sessionId;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var row = await table.GetEntityAsync<TableEntity>(campaignId, ClaimPrefix + dossierId, cancellationToken: cancellationToken);
            return row.Value.GetString("SessionId") ?? "";
        }
    }

    /// <summary>A session id as made by the page: <c>{yyyyMMdd}-{8 hex}</c> (anything else names no session).</summary>
    public static bool IsSessionId(string? id) =>
        id is { Length: 17 } && id[8] == '-' && id[..8].All(char.IsAsciiDigit) && id[9..].All(char.IsAsciiHexDigitLower);

    private static TableEntity ToEntity(CpSession s)
    {
        var entity = new TableEntity(s.CampaignId, SessionPrefix + s.SessionId)
        {
            ["Date"] = s.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["OpenedAt"] = s.OpenedAt,
            ["State"] = s.State.ToString(),
            ["SubmittedAt"] = s.SubmittedAt,
        };
        using var buffer = new MemoryStream();
        using (var brotli = new BrotliStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            JsonSerializer.Serialize(brotli, s.Decisions, AmiJson.Options);
        }

        var bytes = buffer.ToArray();
        for (var i = 0; i * ChunkBytes < bytes.Length; i++)
        {
            entity["Decisions" + i.ToString(CultureInfo.InvariantCulture)] = bytes.AsSpan(i * ChunkBytes, Math.Min(ChunkBytes, bytes.Length - (i * ChunkBytes))).ToArray();
        }

        return entity;
    }

    private static List<CpSessionDecision> Decisions(TableEntity e)
    {
        using var bytes = new MemoryStream();
        for (var i = 0; e.GetBinary("Decisions" + i.ToString(CultureInfo.InvariantCulture)) is { } chunk; i++)
        {
            bytes.Write(chunk);
        }

        if (bytes.Length == 0)
        {
            return [];
        }

        bytes.Position = 0;
        using var brotli = new BrotliStream(bytes, CompressionMode.Decompress);
        return JsonSerializer.Deserialize<List<CpSessionDecision>>(brotli, AmiJson.Options) ?? [];
    }

    private static CpSession FromEntity(TableEntity e) => new()
    {
        CampaignId = e.PartitionKey,
        SessionId = e.RowKey[SessionPrefix.Length..],
        Date = DateOnly.ParseExact(e.GetString("Date"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
        OpenedAt = e.GetDateTimeOffset("OpenedAt") ?? DateTimeOffset.MinValue,
        State = Enum.TryParse<CpSessionState>(e.GetString("State"), out var state) ? state : CpSessionState.Open,
        Decisions = Decisions(e),
        SubmittedAt = e.GetDateTimeOffset("SubmittedAt"),
        ETag = e.ETag.ToString(),
    };

    private async Task<TableClient> TableAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        return storage.Table(TableName);
    }
}
