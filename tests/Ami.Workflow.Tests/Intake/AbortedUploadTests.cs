using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Ami.Workflow.Storage;
using Microsoft.DurableTask.Client;

namespace Ami.Workflow.Tests.Intake;

[Collection(IntakeCollection.Name)]
public sealed class AbortedUploadTests(IntakeApp app)
{
    [Fact]
    public async Task Submit_ConnectionCutOffMidway_LeavesNothingStored()
    {
        var campaign = await app.CreateCampaignAsync();
        using var content = Multipart.Dossier(TestFiles.SampleDossierJson,
            [("statutes", "statuts.pdf", TestFiles.PdfOfSize(300_000)), ("annual-accounts", "comptes.pdf", TestFiles.PdfOfSize(300_000))]);
        var body = await content.ReadAsByteArrayAsync();
        var head = Encoding.ASCII.GetBytes(
            $"POST /api/campaigns/{campaign.Id}/dossiers HTTP/1.1\r\nHost: {app.BaseAddress.Authority}\r\n" +
            $"Content-Type: {content.Headers.ContentType}\r\nContent-Length: {body.Length}\r\n\r\n");

        using (var socket = new TcpClient())
        {
            await socket.ConnectAsync(app.BaseAddress.Host, app.BaseAddress.Port);
            var stream = socket.GetStream();
            await stream.WriteAsync(head);
            // The JSON, the whole first file and half of the second one.
            await stream.WriteAsync(body.AsMemory(0, body.Length - 150_000));
            await stream.FlushAsync();

            // The first file reached Blob storage: the server was really storing this upload...
            await Eventually(async () => (await app.BlobNamesAsync(campaign.Id + "/")).Count > 0, "the first file to be stored");
            Assert.Equal(1, await app.RowCountAsync(TableNames.Uploads, $"CampaignId eq '{campaign.Id}'"));
        }

        // ...then the connection dropped: everything is removed, and nothing else was written.
        await Eventually(async () => (await app.BlobNamesAsync(campaign.Id + "/")).Count == 0
                                     && await app.RowCountAsync(TableNames.Uploads, $"CampaignId eq '{campaign.Id}'") == 0, "the upload to be cleaned up");
        Assert.Equal(0, await app.RowCountAsync(TableNames.Dossiers, $"PartitionKey eq '{campaign.Id}'"));
        await foreach (var instance in app.Durable.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = campaign.Id + "." }))
        {
            Assert.Fail($"Unexpected journey {instance.InstanceId}");
        }
    }

    [Fact]
    public async Task Submit_CutOffInsideAMultiBlockFile_LeavesNoBlockBehind()
    {
        var campaign = await app.CreateCampaignAsync();
        using var content = Multipart.Dossier(TestFiles.SampleDossierJson,
            [("statutes", "statuts.pdf", TestFiles.StatutesPdf), ("annual-accounts", "comptes.pdf", TestFiles.PdfOfSize(20 * 1024 * 1024))]);
        var body = await content.ReadAsByteArrayAsync();
        var head = Encoding.ASCII.GetBytes(
            $"POST /api/campaigns/{campaign.Id}/dossiers HTTP/1.1\r\nHost: {app.BaseAddress.Authority}\r\n" +
            $"Content-Type: {content.Headers.ContentType}\r\nContent-Length: {body.Length}\r\n\r\n");

        using (var socket = new TcpClient())
        {
            await socket.ConnectAsync(app.BaseAddress.Host, app.BaseAddress.Port);
            var stream = socket.GetStream();
            await stream.WriteAsync(head);
            await stream.WriteAsync(body.AsMemory(0, body.Length - (3 * 1024 * 1024)));
            await stream.FlushAsync();

            // Two 8 MiB blocks of the big file were staged (uncommitted) before the cut.
            await Eventually(async () => (await BlobsIncludingUncommittedAsync(campaign.Id)).Count >= 2, "blocks to be staged");
        }

        await Eventually(async () => (await BlobsIncludingUncommittedAsync(campaign.Id)).Count == 0
                                     && await app.RowCountAsync(TableNames.Uploads, $"CampaignId eq '{campaign.Id}'") == 0, "the upload to be cleaned up");
        Assert.Equal(0, await app.RowCountAsync(TableNames.Dossiers, $"PartitionKey eq '{campaign.Id}'"));
    }

    /// <summary>Blobs under the campaign, including those made only of uncommitted blocks.</summary>
    private async Task<List<string>> BlobsIncludingUncommittedAsync(string campaignId)
    {
        var names = new List<string>();
        await foreach (var blob in app.Container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.Uncommitted, campaignId + "/", CancellationToken.None))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    private static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(20))
            {
                Assert.Fail($"Timed out waiting for {what}.");
            }

            await Task.Delay(50);
        }
    }
}
