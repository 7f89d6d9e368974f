using System.Globalization;
using Ami.Workflow.Ports;
using Azure.Data.Tables;

namespace Ami.Workflow.Storage;

/// <summary>
/// Late attempts in Table <c>LateSubmissions</c>: PartitionKey = month (<c>yyyy-MM</c>, UTC), RowKey =
/// UTC ticks (19 digits) + a random suffix, so a "since" query reads only the months concerned, in order; and
/// counting a campaign's attempts of one hour reads one range of rows.
/// </summary>
public sealed class TableLateSubmissionLog(AmiStorage clients) : ILateSubmissionLog
{
    public async Task<bool> RecordAsync(LateSubmission attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        await clients.EnsureCreatedAsync(cancellationToken);
        var at = attempt.At.ToUniversalTime();
        var hour = attempt.Hour;
        var sameHour = TableClient.CreateQueryFilter(
            $"PartitionKey eq {Month(hour)} and RowKey ge {Ticks(hour)} and RowKey lt {Ticks(hour.AddHours(1))} and CampaignId eq {attempt.CampaignId}");
        var recorded = 0;
        await foreach (var _ in Table.QueryAsync<TableEntity>(sameHour, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            if (++recorded >= LateSubmission.MaxRecordedPerCampaignHour)
            {
                return false;
            }
        }

        var row = new TableEntity(Month(at), Ticks(at) + "-" + DossierIds.RandomToken(8))
        {
            ["At"] = attempt.At,
            ["CampaignId"] = attempt.CampaignId,
            ["HolderName"] = attempt.HolderName,
            ["ContactEmail"] = attempt.ContactEmail,
        };
        await Table.AddEntityAsync(row, cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<LateSubmission>> ListSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync(cancellationToken);
        var from = since.ToUniversalTime();
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {Month(from)} and RowKey ge {Ticks(from)}");
        var list = new List<(string Pk, string Rk, LateSubmission Item)>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var at = e.GetDateTimeOffset("At") ?? default;
            if (at >= since)
            {
                list.Add((e.PartitionKey, e.RowKey, new LateSubmission(at, e.GetString("CampaignId") ?? "", e.GetString("HolderName") ?? "", e.GetString("ContactEmail") ?? "")));
            }
        }

        return list.OrderBy(x => x.Pk, StringComparer.Ordinal).ThenBy(x => x.Rk, StringComparer.Ordinal).Select(x => x.Item).ToArray();
    }

    private TableClient Table => clients.Table(TableNames.LateSubmissions);

    private static string Month(DateTimeOffset utc) => utc.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static string Ticks(DateTimeOffset utc) => utc.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
}
