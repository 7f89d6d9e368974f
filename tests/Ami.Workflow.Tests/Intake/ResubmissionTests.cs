using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ami.Domain.States;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Ami.Workflow.Tests.Intake;

[Collection(IntakeCollection.Name)]
public sealed class ResubmissionTests(IntakeApp app)
{
    [Fact]
    public async Task Resubmit_WhenChangesWereRequested_ReplacesDossierAndFilesAndResumesTheJourney()
    {
        var campaign = await app.CreateCampaignAsync();
        var (dossierId, token) = await SubmitAsync(campaign.Id);
        var oldBlobs = await app.BlobNamesAsync($"{campaign.Id}/{dossierId}/");
        await RequestChangesAsync(dossierId);
        var json = TestFiles.SampleDossierJson.Replace("Des jardins partagés au pied des immeubles", "Des jardins partagés dans trois quartiers", StringComparison.Ordinal);

        using var response = await PutAsync(dossierId, token, Multipart.Dossier(json,
            [("statutes", "statuts-2015.pdf", TestFiles.StatutesPdf), ("annual-accounts", "comptes.pdf", TestFiles.AccountsPdf), ("annex", "lettre.pdf", TestFiles.AccountsPdf)]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("submitted", body.GetProperty("status").GetString());
        var store = app.Services.GetRequiredService<IDossierStore>();
        var record = await store.GetAsync(dossierId, CancellationToken.None);
        Assert.Equal(DossierStatus.Submitted, record!.Status);
        Assert.Equal(["annex", "annual-accounts", "statutes"], record.Attachments.Select(a => a.Kind).Order(StringComparer.Ordinal));
        Assert.Equal("Des jardins partagés dans trois quartiers", record.ActionTitle);
        Assert.Equal("Des jardins partagés dans trois quartiers", (await store.GetSubmissionAsync(dossierId, CancellationToken.None))!.Action!.Title);
        var blobs = await app.BlobNamesAsync($"{campaign.Id}/{dossierId}/");
        Assert.Empty(blobs.Intersect(oldBlobs));
        Assert.Equal(4, blobs.Count);

        var done = await app.Durable.WaitForInstanceCompletionAsync(dossierId, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
        Assert.Equal("\"resubmitted:holder\"", done.SerializedOutput);
    }

    [Fact]
    public async Task Resubmit_WhenNoChangesWereRequested_Returns409NotWaiting()
    {
        var campaign = await app.CreateCampaignAsync();
        var (dossierId, token) = await SubmitAsync(campaign.Id);

        using var response = await PutAsync(dossierId, token, Multipart.Valid());

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("not-waiting", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Resubmit_WithAnotherToken_Returns404()
    {
        var campaign = await app.CreateCampaignAsync();
        var (dossierId, _) = await SubmitAsync(campaign.Id);
        var (_, otherToken) = await SubmitAsync(campaign.Id);
        await RequestChangesAsync(dossierId);

        using var response = await PutAsync(dossierId, otherToken, Multipart.Valid());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Resubmit_AfterTheDeadline_Returns409DeadlinePassed()
    {
        var campaign = await app.CreateCampaignAsync();
        var (dossierId, token) = await SubmitAsync(campaign.Id);
        await RequestChangesAsync(dossierId);
        await app.CreateCampaignAsync(_ => campaign with { Deadline = Ami.Domain.Campaigns.CampaignDeadline.LastSecond(IntakeApp.Now.AddSeconds(-1)) });

        using var response = await PutAsync(dossierId, token, Multipart.Valid());

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("deadline-passed", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(DossierStatus.ChangesRequested, (await app.Services.GetRequiredService<IDossierStore>().GetAsync(dossierId, CancellationToken.None))!.Status);
    }

    private async Task<(string DossierId, string Token)> SubmitAsync(string campaignId)
    {
        using var response = await app.Http.PostAsync($"/api/campaigns/{campaignId}/dossiers", Multipart.Valid());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("dossierId").GetString()!, body.GetProperty("accessToken").GetString()!);
    }

    /// <summary>What the journey does when staff ask for changes: the status, and the journey waiting for the replacement.</summary>
    private async Task RequestChangesAsync(string dossierId)
    {
        await app.Services.GetRequiredService<IDossierStore>().UpdateAsync(dossierId, d => d with { Status = DossierStatus.ChangesRequested }, CancellationToken.None);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var instance = await app.Durable.GetInstanceAsync(dossierId, getInputsAndOutputs: true);
            if (instance?.SerializedCustomStatus is { } status && instance.ReadCustomStatusAs<JourneyStatus>()?.Step == "resubmission")
            {
                return;
            }

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "The journey never waited for the replacement.");
            await Task.Delay(50);
        }
    }

    private Task<HttpResponseMessage> PutAsync(string dossierId, string token, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/dossiers/{dossierId}") { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return app.Http.SendAsync(request);
    }
}
