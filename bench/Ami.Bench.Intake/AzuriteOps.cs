using System.Diagnostics;
using System.Globalization;
using Ami.LocalHost.Dev;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Ami.Bench.Intake;

/// <summary>
/// What each kind of storage request costs Azurite (its CPU time per request, 8 concurrent callers):
/// the figures that decide how many requests a submission can afford next to the raw PUTs of its files.
/// Run with <c>-- --ops</c>.
/// </summary>
internal static class AzuriteOps
{
    public static async Task RunAsync(int clients, int perClient)
    {
        var folder = Directory.CreateTempSubdirectory("ami-bench-ops-");
        try
        {
            await using var azurite = await AzuriteProcess.StartAsync(folder.FullName);
            using var node = Process.GetProcessById(azurite.ProcessId);
            var tables = new TableServiceClient(azurite.ConnectionString);
            var table = tables.GetTableClient("benchops");
            await table.CreateIfNotExistsAsync();
            var blobs = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("benchops");
            await blobs.CreateIfNotExistsAsync();
            var small = BinaryData.FromBytes(new byte[2048]);
            var large = new byte[5 * 1024 * 1024];
            new Random(1).NextBytes(large);

            async Task MeasureAsync(string what, Func<int, int, Task> op)
            {
                // Warm-up (on other keys), then the measure.
                await Task.WhenAll(Enumerable.Range(0, clients).Select(c => op(c, 100_000 + c)));
                node.Refresh();
                var before = node.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
                {
                    for (var i = 0; i < perClient; i++)
                    {
                        await op(c, i);
                    }
                }));
                node.Refresh();
                var n = clients * perClient;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{what,-40} {(node.TotalProcessorTime - before).TotalMilliseconds / n,6:F2} ms Azurite CPU/request   {n / watch.Elapsed.TotalSeconds,7:F0} requests/s"));
            }

            await MeasureAsync("table insert", (c, i) => table.AddEntityAsync(new TableEntity($"p{c}", $"r{i}") { ["A"] = "x", ["B"] = 1 }));
            await MeasureAsync("table point read", (c, i) => table.GetEntityAsync<TableEntity>($"p{c}", $"r{i}"));
            await MeasureAsync("table replace (If-Match *)", (c, i) => table.UpdateEntityAsync(new TableEntity($"p{c}", $"r{i}") { ["A"] = "y" }, ETag.All, TableUpdateMode.Replace));
            await MeasureAsync("table delete", (c, i) => table.DeleteEntityAsync($"p{c}", $"r{i}"));
            await MeasureAsync("blob put 2 KB", (c, i) => blobs.GetBlobClient($"s/{c}/{i}").UploadAsync(small, overwrite: true));
            await MeasureAsync("blob put 5 MB", (c, i) => blobs.GetBlobClient($"l/{c}/{i}").UploadAsync(BinaryData.FromBytes(large), overwrite: true));
        }
        finally
        {
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
