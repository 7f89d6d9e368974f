using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Ami.Workflow.Storage;
using Microsoft.DurableTask.Client;

namespace Ami.Workflow.Tests.Intake;

[Collection(IntakeCollection.Name)]
public sealed class SubmissionTests(IntakeApp app)
{
    [Fact]
    public async Task Submit_ValidDossierWithTwoPdfs_Returns201AndStoresTheExactFiles()
    {
        var campaign = await app.CreateCampaignAsync();

        using var response = await app.Http.PostAsync($"/api/campaigns/{campaign.Id}/dossiers", Multipart.Valid());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var dossierId = body.GetProperty("dossierId").GetString()!;
        Assert.StartsWith(campaign.Id + ".", dossierId, StringComparison.Ordinal);
        Assert.Equal(campaign.ReferencePrefix + "-0001", body.GetProperty("reference").GetString());
        Assert.Equal("submitted", body.GetProperty("status").GetString());
        var token = body.GetProperty("accessToken").GetString()!;
        Assert.Equal(43, token.Length);
        Assert.Equal($"/api/dossiers/{dossierId}", response.Headers.Location?.OriginalString);

        // The files are stored byte for byte, and the status API reports their SHA-256.
        using var view = await app.Http.SendAsync(app.Get($"/api/dossiers/{dossierId}", token));
        Assert.Equal(HttpStatusCode.OK, view.StatusCode);
        var dossier = await view.Content.ReadFromJsonAsync<JsonElement>();
        var attachments = dossier.GetProperty("attachments").EnumerateArray().ToDictionary(a => a.GetProperty("kind").GetString()!);
        Assert.Equal(2, attachments.Count);
        foreach (var (kind, expected) in new[] { ("statutes", TestFiles.StatutesPdf), ("annual-accounts", TestFiles.AccountsPdf) })
        {
            var attachment = attachments[kind];
            Assert.Equal(expected.Length, attachment.GetProperty("size").GetInt64());
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(expected)), attachment.GetProperty("sha256").GetString());
        }

        var blobs = await app.BlobNamesAsync($"{campaign.Id}/{dossierId}/");
        Assert.Contains($"{campaign.Id}/{dossierId}/dossier.json", blobs);
        var statutesBlob = Assert.Single(blobs, b => b.EndsWith("-statuts.pdf", StringComparison.Ordinal));
        var stored = (await app.Container.GetBlobClient(statutesBlob).DownloadContentAsync()).Value;
        Assert.Equal(TestFiles.StatutesPdf, stored.Content.ToArray());
        Assert.Equal("application/pdf", stored.Details.ContentType);

        Assert.Equal(dossierId, dossier.GetProperty("dossierId").GetString());
        Assert.Equal(campaign.Id, dossier.GetProperty("campaignId").GetString());
        Assert.Equal("submitted", dossier.GetProperty("timeline")[0].GetProperty("event").GetString());
        Assert.Equal(0, dossier.GetProperty("instalments").GetArrayLength());

        // The journey was scheduled under the dossier id; no upload is left in progress.
        var instance = await app.Durable.GetInstanceAsync(dossierId, getInputsAndOutputs: true);
        Assert.NotNull(instance);
        Assert.Contains(dossierId, instance.SerializedInput, StringComparison.Ordinal);
        Assert.Equal(0, await app.RowCountAsync(TableNames.Uploads, $"CampaignId eq '{campaign.Id}'"));
    }
}
