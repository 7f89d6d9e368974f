using Ami.Domain.Scanning;
using Ami.Workflow.Ports;
using Ami.Workflow.Scanning;
using Ami.Workflow.Storage;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Ami.Workflow.Tests.Scanning;

/// <summary>The Azure adapter against a real blob service (Azurite): Defender's result is the blob's index tag.</summary>
[Collection(Intake.IntakeCollection.Name)]
public sealed class DefenderTagScannerTests(Intake.IntakeApp azurite)
{
    [Theory]
    [InlineData("No threats found", ScanState.Safe)]
    [InlineData("Malicious", ScanState.Infected)]
    [InlineData("Not scanned", ScanState.Failed)]
    public async Task TheResultTagOnTheBlob_IsTheFilesState(string result, ScanState expected)
    {
        var (scanner, attachment, blob) = await UploadAsync();
        await blob.SetTagsAsync(new Dictionary<string, string> { [DefenderScanResults.ResultTag] = result, ["Malware Scanning scan time UTC"] = "2026-11-30 22:00:00Z" });

        var verdict = await scanner.ScanAsync(attachment, CancellationToken.None);

        Assert.Equal(expected, verdict.State);
        Assert.Equal(expected == ScanState.Safe ? null : result, verdict.Threat);
    }

    [Fact]
    public async Task NoTagYet_IsNoAnswer_NotSafe()
    {
        var (scanner, attachment, _) = await UploadAsync();
        Assert.Equal(ScanState.Pending, (await scanner.ScanAsync(attachment, CancellationToken.None)).State);
        Assert.Equal(ScanState.Pending, (await scanner.ScanAsync(attachment with { BlobName = attachment.BlobName + "-missing" }, CancellationToken.None)).State);
    }

    private async Task<(DefenderTagScanner Scanner, AttachmentInfo Attachment, Azure.Storage.Blobs.BlobClient Blob)> UploadAsync()
    {
        var storage = new AmiStorage(new BlobServiceClient(azurite.ConnectionString), new TableServiceClient(azurite.ConnectionString), []);
        await storage.Dossiers.CreateIfNotExistsAsync();
        var name = $"defender/{Guid.NewGuid():N}/a1-statuts.pdf";
        var blob = storage.Dossiers.GetBlobClient(name);
        await blob.UploadAsync(BinaryData.FromBytes("%PDF-1.4\n%%EOF\n"u8.ToArray()));
        return (new DefenderTagScanner(storage), new AttachmentInfo("a1", "statutes", "statuts.pdf", "application/pdf", 15, "00", name), blob);
    }
}
