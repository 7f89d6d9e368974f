using System.Globalization;
using System.Net;
using Azure;
using Azure.Data.Tables;

namespace Ami.Workflow.Storage;

/// <summary>
/// Sequential dossier references per campaign (<c>AMI-IS-2015-0001</c>): one row per campaign in Table
/// <c>Counters</c>, incremented under If-Match and retried on 412, so two hosts (or two instances of the
/// Functions app) never hand out the same number. No in-memory lock. A number taken by a submission
/// that then fails is not reused (references stay unique, possibly with a gap).
/// </summary>
public sealed class ReferenceCounter(AmiStorage clients)
{
    private const string Row = "dossier-reference";
    private const int MaxAttempts = 50;

    public async Task<int> NextAsync(string campaignId, CancellationToken cancellationToken)
    {
        await clients.EnsureCreatedAsync(cancellationToken);
        var table = clients.Table(TableNames.Counters);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var current = await table.GetEntityIfExistsAsync<TableEntity>(campaignId, Row, cancellationToken: cancellationToken);
                if (!current.HasValue)
                {
                    await table.AddEntityAsync(new TableEntity(campaignId, Row) { ["Last"] = 1 }, cancellationToken);
                    return 1;
                }

                var row = current.Value!;
                var next = (row.GetInt32("Last") ?? 0) + 1;
                row["Last"] = next;
                await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                return next;
            }
            catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict && attempt < MaxAttempts)
            {
                await Backoff.DelayAsync(attempt, cancellationToken);
            }
        }
    }

    public static string Format(string prefix, int number) =>
        prefix + "-" + number.ToString("D4", CultureInfo.InvariantCulture);
}
