using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Ami.Workflow.Storage;
using Ami.Workflow.Ports;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

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

    [Fact]
    public async Task Submit_JsonPartAfterTheFiles_IsAccepted()
    {
        var campaign = await app.CreateCampaignAsync();

        using var response = await app.Http.PostAsync($"/api/campaigns/{campaign.Id}/dossiers", Multipart.Valid(jsonLast: true));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Submit_UserCollectiveWithoutAccounts_IsAccepted()
    {
        var campaign = await app.CreateCampaignAsync();
        var json = TestFiles.SampleDossierJson.Replace("\"type\": \"association\"", "\"type\": \"user-collective\"", StringComparison.Ordinal)
            .Replace("\"siret\": \"44306184100047\",", "", StringComparison.Ordinal);

        using var response = await app.Http.PostAsync($"/api/campaigns/{campaign.Id}/dossiers",
            Multipart.Dossier(json, [("statutes", "statuts.pdf", TestFiles.StatutesPdf)]));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Submit_SeveralProblems_Returns400WithEveryErrorAndStoresNothing()
    {
        var campaign = await app.CreateCampaignAsync();
        var json = TestFiles.SampleDossierJson
            .Replace("\"type\": \"association\"", "\"type\": \"club\"", StringComparison.Ordinal)
            .Replace("\"postalCode\": \"33000\"", "\"postalCode\": \"75011\"", StringComparison.Ordinal)
            .Replace("\"stage\": \"swarming\"", "\"stage\": \"commercialisation\"", StringComparison.Ordinal);

        using var response = await app.Http.PostAsync($"/api/campaigns/{campaign.Id}/dossiers",
            Multipart.Dossier(json, [("statutes", "statuts.pdf", TestFiles.StatutesPdf)]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
        Assert.Equal("https://ami.region.example/problems/validation-failed", problem.GetProperty("type").GetString());
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        var errors = problem.GetProperty("errors").EnumerateArray()
            .Select(e => (Field: e.GetProperty("field").GetString(), Code: e.GetProperty("code").GetString(), Message: e.GetProperty("message").GetString()))
            .ToList();
        Assert.Contains(errors, e => e.Field == "holder.type");
        Assert.Contains(errors, e => e.Field == "holder.address.postalCode" && e.Code == "not-in-region");
        Assert.Contains(errors, e => e.Field == "action.stage" && e.Code == "stage-not-eligible");
        Assert.Contains(errors, e => e.Field == "annual-accounts" && e.Code == "required");
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
        await AssertNothingStoredAsync(campaign.Id);
    }

    [Fact]
    public async Task Submit_WithoutDossierPartNorStatutes_ReportsBoth()
    {
        var campaign = await app.CreateCampaignAsync();

        using var response = await app.Http.PostAsync($"/api/campaigns/{campaign.Id}/dossiers",
            Multipart.Dossier(null, [("annual-accounts", "comptes.pdf", TestFiles.AccountsPdf)]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Contains("dossier", fields);
        Assert.Contains("statutes", fields);
        await AssertNothingStoredAsync(campaign.Id);
    }

    [Fact]
    public async Task Submit_UnknownCampaign_Returns404()
    {
        using var response = await app.Http.PostAsync("/api/campaigns/no-such-campaign/dossiers", Multipart.Valid());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("campaign-not-found", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Submit_NotMultipart_Returns415()
    {
        var campaign = await app.CreateCampaignAsync();

        using var response = await app.Http.PostAsync($"/api/campaigns/{campaign.Id}/dossiers", new StringContent(TestFiles.SampleDossierJson, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Submit_BeforeTheCallOpens_Returns409CampaignNotOpen()
    {
        var campaign = await app.CreateCampaignAsync(c => c with { OpensAt = IntakeApp.Now.AddSeconds(1) });

        using var response = await app.Http.PostAsync($"/api/campaigns/{campaign.Id}/dossiers", Multipart.Valid());

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("campaign-not-open", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        await AssertNothingStoredAsync(campaign.Id);
    }

    [Fact]
    public async Task Submit_DuringTheLastAcceptedSecond_IsAccepted()
    {
        // Deadline "…T08:00:00Z": accepted up to 08:00:00.999; the clock says 08:00:00.
        var campaign = await app.CreateCampaignAsync(c => c with { Deadline = Ami.Domain.Campaigns.CampaignDeadline.LastSecond(IntakeApp.Now) });

        using var response = await app.Http.PostAsync($"/api/campaigns/{campaign.Id}/dossiers", Multipart.Valid());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Submit_OneSecondAfterTheLastAcceptedSecond_Returns409AndRecordsTheAttempt()
    {
        // Deadline "…T07:59:59Z": the clock (08:00:00) is the first refused instant.
        var campaign = await app.CreateCampaignAsync(c => c with { Deadline = Ami.Domain.Campaigns.CampaignDeadline.LastSecond(IntakeApp.Now.AddSeconds(-1)) });

        using var response = await app.Http.PostAsync($"/api/campaigns/{campaign.Id}/dossiers", Multipart.Valid());

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("deadline-passed", problem.GetProperty("code").GetString());
        Assert.Contains("20 mai 2015 à 9 h 59 (heure de Paris)", problem.GetProperty("detail").GetString() ?? "", StringComparison.Ordinal);
        var late = await app.Services.GetRequiredService<ILateSubmissionLog>().ListSinceAsync(IntakeApp.Now.AddMinutes(-1), CancellationToken.None);
        var attempt = Assert.Single(late, l => l.CampaignId == campaign.Id);
        Assert.Equal(IntakeApp.Now, attempt.At);
        Assert.Equal("Association Les Jardins Partagés", attempt.HolderName);
        Assert.Equal("jeanne.martin@jardins-partages.example", attempt.ContactEmail);
        await AssertNothingStoredAsync(campaign.Id);

        // Staff are also told at once, by mail (in the background: the 409 did not wait for it).
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!app.Mails.Mails.Any(m => m.To.Contains("instruction@region.example") && (m.Text ?? "").Contains("Association Les Jardins Partagés", StringComparison.Ordinal)))
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "No late-submission notice was mailed to staff.");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Submit_TwoAtOnce_GetTwoConsecutiveReferences()
    {
        var campaign = await app.CreateCampaignAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => app.Http.PostAsync($"/api/campaigns/{campaign.Id}/dossiers", Multipart.Valid())));

        var references = new List<string>();
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            references.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reference").GetString()!);
            response.Dispose();
        }

        Assert.Equal([campaign.ReferencePrefix + "-0001", campaign.ReferencePrefix + "-0002"], references.Order(StringComparer.Ordinal));
    }

    private async Task AssertNothingStoredAsync(string campaignId)
    {
        Assert.Empty(await app.BlobNamesAsync(campaignId + "/"));
        Assert.Equal(0, await app.RowCountAsync(TableNames.Dossiers, $"PartitionKey eq '{campaignId}'"));
        Assert.Equal(0, await app.RowCountAsync(TableNames.Uploads, $"CampaignId eq '{campaignId}'"));
        var instances = app.Durable.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = campaignId + "." });
        await foreach (var instance in instances)
        {
            Assert.Fail($"Unexpected journey {instance.InstanceId}");
        }
    }
}
