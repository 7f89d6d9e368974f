using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ami.Domain.Campaigns;
using Ami.Domain.States;
using Ami.Workflow.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Ami.Workflow.Tests.Intake;

/// <summary>
/// After the deadline anyone can post: the attempts are recorded (bounded), staff are mailed at most once per
/// campaign and hour, with only what was read, and nothing the anonymous sender sends chooses how many mails go out.
/// </summary>
[Collection(IntakeCollection.Name)]
public sealed class LateAttemptTests(IntakeApp app)
{
    [Fact]
    public async Task AfterTheDeadline_25AnonymousGarbagePosts_BoundedRecordsAndOneMailWithoutEmptyLines()
    {
        var campaign = await app.CreateCampaignAsync(c => c with { Deadline = CampaignDeadline.LastSecond(IntakeApp.Now.AddHours(-2)) });

        for (var i = 0; i < 25; i++)
        {
            using var garbage = new MultipartFormDataContent { { new StringContent("{ \"holder\": 42, \"contact\": { \"email\": \"x" + i + "@\" } }", Encoding.UTF8, "application/json"), "dossier" } };
            using var response = await app.Http.PostAsync($"/api/campaigns/{campaign.Id}/dossiers", garbage);
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal("deadline-passed", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        var recorded = (await app.Services.GetRequiredService<ILateSubmissionLog>().ListSinceAsync(IntakeApp.Now.AddMinutes(-1), CancellationToken.None))
            .Where(l => l.CampaignId == campaign.Id).ToList();
        Assert.Equal(LateSubmission.MaxRecordedPerCampaignHour, recorded.Count);
        Assert.All(recorded, l => Assert.Equal(("", ""), (l.HolderName, l.ContactEmail)));

        var notices = await NoticesAsync(campaign.Id, atLeast: 1);
        await Task.Delay(1000);
        var notice = Assert.Single(await NoticesAsync(campaign.Id, atLeast: 1));
        Assert.Same(notices[0], notice);
        Assert.DoesNotContain("Porteur :", notice.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Contact :", notice.Text, StringComparison.Ordinal);
        Assert.Contains("au plus un tel avis par heure", notice.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resubmit_WithAnIdempotencyKeyOnAnIneligibleDossierAfterTheDeadline_NotWaitingAndNotALateAttempt()
    {
        var campaign = await app.CreateCampaignAsync();
        using var created = await app.Http.PostAsync($"/api/campaigns/{campaign.Id}/dossiers", Multipart.Valid());
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var dossierId = body.GetProperty("dossierId").GetString()!;
        await app.Services.GetRequiredService<IDossierStore>().UpdateAsync(dossierId, d => d with { Status = DossierStatus.Ineligible }, CancellationToken.None);
        await app.Services.GetRequiredService<ICampaignStore>().UpsertAsync(campaign with { Deadline = CampaignDeadline.LastSecond(IntakeApp.Now.AddHours(-1)) }, CancellationToken.None);

        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/dossiers/{dossierId}") { Content = Multipart.Valid() };
        put.Headers.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("accessToken").GetString());
        put.Headers.Add("Idempotency-Key", "retry-" + dossierId);
        using var response = await app.Http.SendAsync(put);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("not-waiting", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        var late = await app.Services.GetRequiredService<ILateSubmissionLog>().ListSinceAsync(IntakeApp.Now.AddDays(-1), CancellationToken.None);
        Assert.DoesNotContain(late, l => l.CampaignId == campaign.Id);
    }

    private async Task<List<Ami.LocalHost.Dev.CapturedMail>> NoticesAsync(string campaignId, int atLeast)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var notices = app.Mails.Mails.Where(m => m.Categories.Contains("late-submission") && m.CustomArgs.GetValueOrDefault("campaign_id") == campaignId).ToList();
            if (notices.Count >= atLeast)
            {
                return notices;
            }

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "No late-submission notice was mailed to staff.");
            await Task.Delay(50);
        }
    }
}
