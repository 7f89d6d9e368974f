using System.Collections.Concurrent;
using System.Globalization;
using Ami.Domain.Money;
using Ami.Domain.States;
using Ami.Workflow.Storage;
using Azure.Data.Tables;

namespace Ami.Workflow.Staff;

/// <summary>One dossier as the staff list, its exports and the dashboard show it (no personal data beyond the holder's name).</summary>
public sealed record DossierListRow(
    string DossierId,
    string Reference,
    DossierStatus Status,
    DateTimeOffset SubmittedAt,
    string HolderName,
    string HolderType,
    string PostalCode,
    string ActionTitle,
    Euros RequestedAmount,
    Euros? GrantedAmount,
    DateTimeOffset? BilanDueAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The department: the postal code's first two digits (<c>2A</c>/<c>2B</c> for Corsica's 20xxx are not told apart).</summary>
    public string Department => PostalCode.Length >= 2 ? PostalCode[..2] : "";

    /// <summary>The jury's aggregate once the sheets are in (mean total /36, lowest and highest total, sheets), for the ranking chart.</summary>
    public JuryFigures? Jury { get; init; }
}

/// <summary>The jury's figures of a dossier, from its aggregated report.</summary>
public sealed record JuryFigures(int Sheets, decimal MeanTotal, decimal MinTotal, decimal MaxTotal);

/// <summary>The campaign's dossiers for the staff list and dashboard.</summary>
public interface IDossierListIndex
{
    /// <summary>Every committed dossier of the campaign, as of now.</summary>
    Task<IReadOnlyList<DossierListRow>> RowsAsync(string campaignId, CancellationToken cancellationToken);
}

/// <summary>
/// The list's rows kept in this instance's memory per campaign and brought up to date at every request with the rows
/// written since the last look (Table's server-set <c>Timestamp</c>, with a few seconds' overlap). The first request
/// of a campaign reads the partition once (only the list's columns); each later one reads only what changed, so a
/// list or a dashboard at 10,000 dossiers filters, sorts and counts in memory instead of scanning storage each time.
/// Several instances each keep their own copy; each looks again at most every <see cref="RefreshEvery"/>. Committed rows are never
/// deleted (the sweeper removes only uncommitted ones), so updates are all there is to follow.
/// </summary>
public sealed class TableDossierListIndex(AmiStorage storage, TimeProvider clock) : IDossierListIndex
{
    /// <summary>Rows whose Timestamp is this close to the last one seen are read again (clock skew between storage nodes).</summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Storage is asked for what changed at most this often per campaign and instance: a Timestamp filter still scans the
    /// partition in Table storage (~0.2 s at 10,000 rows on Azurite), so requests within this window share one look.
    /// The list and the dashboard may thus lag storage by up to this much.
    /// </summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(2);

    private static readonly string[] Columns =
    [
        "PartitionKey", "RowKey", "Timestamp", nameof(DossierEntity.Reference), nameof(DossierEntity.Status), nameof(DossierEntity.SubmittedAt),
        nameof(DossierEntity.HolderName), nameof(DossierEntity.HolderType), nameof(DossierEntity.PostalCode), nameof(DossierEntity.ActionTitle),
        nameof(DossierEntity.RequestedAmountCents), nameof(DossierEntity.GrantedAmountCents), nameof(DossierEntity.BilanDueAt), nameof(DossierEntity.UpdatedAt), nameof(DossierEntity.JuryJson),
    ];

    private readonly ConcurrentDictionary<string, CampaignRows> _campaigns = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<DossierListRow>> RowsAsync(string campaignId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(campaignId);
        var rows = _campaigns.GetOrAdd(campaignId, _ => new CampaignRows());
        await rows.Gate.WaitAsync(cancellationToken);
        try
        {
            var now = clock.GetUtcNow();
            if (rows.Snapshot is not null && now - rows.LookedAt < RefreshEvery)
            {
                return rows.Snapshot;
            }

            await storage.EnsureCreatedAsync(cancellationToken);
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {campaignId} and Committed eq {true}");
            if (rows.Seen is { } seen)
            {
                filter += " and " + TableClient.CreateQueryFilter($"Timestamp ge {seen - Overlap}");
            }

            var changed = false;
            var newest = rows.Seen;
            await foreach (var e in storage.Table(TableNames.Dossiers).QueryAsync<TableEntity>(filter, 1000, Columns, cancellationToken))
            {
                if (ToRow(e) is { } row)
                {
                    changed |= !rows.ById.TryGetValue(row.DossierId, out var known) || known != row;
                    rows.ById[row.DossierId] = row;
                }

                if (e.Timestamp is { } at && (newest is null || at > newest))
                {
                    newest = at;
                }
            }

            // Nothing written yet: look again from now on (less the overlap) rather than from the beginning.
            rows.Seen = newest ?? now - Overlap;
            rows.LookedAt = now;
            if (changed || rows.Snapshot is null)
            {
                rows.Snapshot = [.. rows.ById.Values.OrderBy(r => r.Reference, StringComparer.Ordinal)];
            }

            return rows.Snapshot;
        }
        finally
        {
            rows.Gate.Release();
        }
    }

    private static DossierListRow? ToRow(TableEntity e)
    {
        if (!StatusText.TryParse(e.GetString(nameof(DossierEntity.Status)), out var status))
        {
            return null;
        }

        return new DossierListRow(
            e.RowKey,
            e.GetString(nameof(DossierEntity.Reference)) ?? "",
            status,
            e.GetDateTimeOffset(nameof(DossierEntity.SubmittedAt)) ?? default,
            e.GetString(nameof(DossierEntity.HolderName)) ?? "",
            e.GetString(nameof(DossierEntity.HolderType)) ?? "",
            e.GetString(nameof(DossierEntity.PostalCode)) ?? "",
            e.GetString(nameof(DossierEntity.ActionTitle)) ?? "",
            new Euros(Cents(e, nameof(DossierEntity.RequestedAmountCents)) ?? 0),
            Cents(e, nameof(DossierEntity.GrantedAmountCents)) is { } g ? new Euros(g) : null,
            e.GetDateTimeOffset(nameof(DossierEntity.BilanDueAt)),
            e.GetDateTimeOffset(nameof(DossierEntity.UpdatedAt)) ?? default)
        {
            Jury = Figures(e.GetString(nameof(DossierEntity.JuryJson))),
        };
    }

    private static JuryFigures? Figures(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            var report = System.Text.Json.JsonSerializer.Deserialize<Activities.JuryReport>(json, Domain.Json.AmiJson.Options);
            return report is { Sheets: > 0 } ? new JuryFigures(report.Sheets, report.MeanTotal, report.MinTotal, report.MaxTotal) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>Int64 columns come back as long, or as a string from some emulators' projections.</summary>
    private static long? Cents(TableEntity e, string column) => e.TryGetValue(column, out var v) ? v switch
    {
        long l => l,
        int i => i,
        string s when long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var p) => p,
        _ => null,
    } : null;

    private sealed class CampaignRows
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public Dictionary<string, DossierListRow> ById { get; } = new(StringComparer.Ordinal);

        public DateTimeOffset? Seen { get; set; }

        public DateTimeOffset LookedAt { get; set; }

        public IReadOnlyList<DossierListRow>? Snapshot { get; set; }
    }
}
