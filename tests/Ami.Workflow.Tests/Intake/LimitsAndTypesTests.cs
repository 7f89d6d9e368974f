using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ami.Domain.Campaigns;
using Ami.Workflow.Storage;

namespace Ami.Workflow.Tests.Intake;

[Collection(IntakeCollection.Name)]
public sealed class LimitsAndTypesTests(IntakeApp app)
{
    private static readonly AttachmentLimits SmallLimits = new() { MaxFileBytes = 100_000, MaxDossierBytes = 150_000, MaxFiles = 3 };

    [Fact]
    public async Task Submit_FileOverTheCampaignLimit_Returns413FileTooLargeAndStoresNothing()
    {
        var campaign = await app.CreateCampaignAsync(c => c with { Attachments = SmallLimits });

        using var response = await app.Http.PostAsync($"/api/campaigns/{campaign.Id}/dossiers", Multipart.Dossier(TestFiles.SampleDossierJson,
            [("statutes", "statuts.pdf", TestFiles.StatutesPdf), ("annual-accounts", "comptes.pdf", TestFiles.PdfOfSize(100_001))]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("file-too-large", problem.GetProperty("code").GetString());
        Assert.Equal("annual-accounts", problem.GetProperty("errors")[0].GetProperty("field").GetString());
        await AssertNothingStoredAsync(campaign.Id);
    }

    [Fact]
    public async Task Submit_FileOfSeveralBlocks_IsStoredByteForByte()
    {
        var campaign = await app.CreateCampaignAsync();
        var big = TestFiles.PdfOfSize((2 * Ami.Workflow.Intake.BlobStager.BlockSize) + 12345);
        new Random(7).NextBytes(big.AsSpan(16));

        using var response = await app.Http.PostAsync($"/api/campaigns/{campaign.Id}/dossiers", Multipart.Dossier(TestFiles.SampleDossierJson,
            [("statutes", "statuts.pdf", TestFiles.StatutesPdf), ("annual-accounts", "comptes.pdf", big)]));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var dossierId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dossierId").GetString()!;
        var blob = Assert.Single(await app.BlobNamesAsync($"{campaign.Id}/{dossierId}/"), n => n.EndsWith("-comptes.pdf", StringComparison.Ordinal));
        var stored = (await app.Container.GetBlobClient(blob).DownloadContentAsync()).Value;
        Assert.Equal(big, stored.Content.ToArray());
        Assert.Equal("application/pdf", stored.Details.ContentType);
    }

    [Fact]
    public async Task Submit_FileExactlyAtTheLimit_IsAccepted()
    {
        var campaign = await app.CreateCampaignAsync(c => c with { Attachments = SmallLimits });

        using var response = await app.Http.PostAsync($"/api/campaigns/{campaign.Id}/dossiers", Multipart.Dossier(TestFiles.SampleDossierJson,
            [("statutes", "statuts.pdf", TestFiles.StatutesPdf), ("annual-accounts", "comptes.pdf", TestFiles.PdfOfSize(100_000))]));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Submit_FilesTogetherOverTheDossierLimit_Returns413DossierTooLarge()
    {
        var campaign = await app.CreateCampaignAsync(c => c with { Attachments = SmallLimits });

        using var response = await app.Http.PostAsync($"/api/campaigns/{campaign.Id}/dossiers", Multipart.Dossier(TestFiles.SampleDossierJson,
            [("statutes", "statuts.pdf", TestFiles.PdfOfSize(90_000)), ("annual-accounts", "comptes.pdf", TestFiles.PdfOfSize(90_000))]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("dossier-too-large", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        await AssertNothingStoredAsync(campaign.Id);
    }

    [Fact]
    public async Task Submit_MoreFilesThanAllowed_Returns413TooManyFiles()
    {
        var campaign = await app.CreateCampaignAsync(c => c with { Attachments = SmallLimits });

        using var response = await app.Http.PostAsync($"/api/campaigns/{campaign.Id}/dossiers", Multipart.Dossier(TestFiles.SampleDossierJson,
            [("statutes", "s.pdf", TestFiles.StatutesPdf), ("annual-accounts", "c.pdf", TestFiles.AccountsPdf), ("annex", "a1.pdf", TestFiles.StatutesPdf), ("annex", "a2.pdf", TestFiles.StatutesPdf)]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("too-many-files", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        await AssertNothingStoredAsync(campaign.Id);
    }

    [Fact]
    public async Task Submit_ZeroByteStatutes_OneErrorOnThatFileNotTwo()
    {
        var campaign = await app.CreateCampaignAsync();

        using var response = await app.Http.PostAsync($"/api/campaigns/{campaign.Id}/dossiers", Multipart.Dossier(TestFiles.SampleDossierJson,
            [("statutes", "statuts.pdf", []), ("annual-accounts", "comptes.pdf", TestFiles.AccountsPdf)]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal("statutes", error.GetProperty("field").GetString());
        Assert.Equal("empty-file", error.GetProperty("code").GetString());
        await AssertNothingStoredAsync(campaign.Id);
    }

    [Theory]
    [InlineData("png")]
    [InlineData("exe")]
    public async Task Submit_PdfNameButOtherContent_Returns415(string actual)
    {
        var campaign = await app.CreateCampaignAsync();
        var bytes = actual == "png" ? TestFiles.Png : TestFiles.Exe;

        using var response = await app.Http.PostAsync($"/api/campaigns/{campaign.Id}/dossiers", Multipart.Dossier(TestFiles.SampleDossierJson,
            [("statutes", "statuts.pdf", TestFiles.StatutesPdf), ("annual-accounts", "comptes.pdf", TestFiles.AccountsPdf), ("annex", "annexe.pdf", bytes)]));

        if (actual == "png")
        {
            // A PNG is an accepted type: the name does not matter, the content does.
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return;
        }

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("unsupported-file-type", problem.GetProperty("code").GetString());
        var error = problem.GetProperty("errors")[0];
        Assert.Equal("annex[0]", error.GetProperty("field").GetString());
        Assert.Equal("unsupported-type", error.GetProperty("code").GetString());
        await AssertNothingStoredAsync(campaign.Id);
    }

    [Fact]
    public async Task Submit_PngSentAsStatutesWithPdfName_IsStoredAsPng()
    {
        var campaign = await app.CreateCampaignAsync();

        using var response = await app.Http.PostAsync($"/api/campaigns/{campaign.Id}/dossiers", Multipart.Dossier(TestFiles.SampleDossierJson,
            [("statutes", "statuts.pdf", TestFiles.Png), ("annual-accounts", "comptes.pdf", TestFiles.AccountsPdf)]));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var dossierId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dossierId").GetString()!;
        var blob = Assert.Single(await app.BlobNamesAsync($"{campaign.Id}/{dossierId}/"), n => n.EndsWith("-statuts.pdf", StringComparison.Ordinal));
        Assert.Equal("image/png", (await app.Container.GetBlobClient(blob).GetPropertiesAsync()).Value.ContentType);
    }

    [Fact]
    public async Task Submit_DocxAndOdsAnnexes_AreAccepted()
    {
        var campaign = await app.CreateCampaignAsync();

        using var response = await app.Http.PostAsync($"/api/campaigns/{campaign.Id}/dossiers", Multipart.Dossier(TestFiles.SampleDossierJson,
            [("statutes", "statuts.pdf", TestFiles.StatutesPdf), ("annual-accounts", "comptes.pdf", TestFiles.AccountsPdf),
             ("annex", "budget.docx", OfficeFiles.Docx()), ("annex", "budget.ods", OfficeFiles.Ods())]));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Submit_FileNameWithPathAndControlCharacters_IsSanitised()
    {
        var campaign = await app.CreateCampaignAsync();

        using var response = await app.Http.PostAsync($"/api/campaigns/{campaign.Id}/dossiers", Multipart.Dossier(TestFiles.SampleDossierJson,
            [("statutes", "..\\..\\C:\\secret\\stat\u0007uts?.pdf", TestFiles.StatutesPdf), ("annual-accounts", "comptes.pdf", TestFiles.AccountsPdf)]));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        using var view = await app.Http.SendAsync(app.Get($"/api/dossiers/{body.GetProperty("dossierId").GetString()}", body.GetProperty("accessToken").GetString()));
        var names = (await view.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("attachments").EnumerateArray().Select(a => a.GetProperty("name").GetString()).ToList();
        Assert.Contains("statuts_.pdf", names);
    }

    private async Task AssertNothingStoredAsync(string campaignId)
    {
        Assert.Empty(await app.BlobNamesAsync(campaignId + "/"));
        Assert.Equal(0, await app.RowCountAsync(TableNames.Dossiers, $"PartitionKey eq '{campaignId}'"));
        Assert.Equal(0, await app.RowCountAsync(TableNames.Uploads, $"CampaignId eq '{campaignId}'"));
    }
}

/// <summary>Minimal but structurally real office files (zip archives as Word and LibreOffice write them).</summary>
internal static class OfficeFiles
{
    public static byte[] Docx() => Zip(
        ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>", true),
        ("_rels/.rels", "<Relationships/>", true),
        ("word/document.xml", "<w:document/>", true));

    public static byte[] Xlsx() => Zip(
        ("[Content_Types].xml", "<Types/>", true),
        ("xl/workbook.xml", "<workbook/>", true));

    public static byte[] Ods() => Zip(
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet", false),
        ("content.xml", "<office:document-content/>", true));

    public static byte[] Odt() => Zip(
        ("mimetype", "application/vnd.oasis.opendocument.text", false),
        ("content.xml", "<office:document-content/>", true));

    public static byte[] PlainZip() => Zip(("notes.txt", "bonjour", true));

    public static byte[] Zip(params (string Name, string Content, bool Compress)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content, compress) in entries)
            {
                var entry = zip.CreateEntry(name, compress ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
                using var stream = entry.Open();
                stream.Write(Encoding.UTF8.GetBytes(content));
            }
        }

        return buffer.ToArray();
    }
}
