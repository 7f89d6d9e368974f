using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ami.Domain.Money;
using Ami.Domain.States;
using Ami.Workflow.Payments;
using Ami.Workflow.Ports;
using Ami.Workflow.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Ami.Workflow.Tests.Intake;

[Collection(IntakeCollection.Name)]
public sealed class IdempotencyAndAccessTests(IntakeApp app)
{
    [Fact]
    public async Task Submit_SameKeyAndSameBody_ReplaysTheFirstAnswerWithoutASecondDossier()
    {
        var campaign = await app.CreateCampaignAsync();
        var key = Guid.NewGuid().ToString();

        var (first, firstBody) = await PostAsync(campaign.Id, key, Multipart.Valid());
        // A new multipart: a new boundary, the same content.
        var (second, secondBody) = await PostAsync(campaign.Id, key, Multipart.Valid());

        Assert.Equal(HttpStatusCode.Created, first);
        Assert.Equal(HttpStatusCode.Created, second);
        Assert.Equal(firstBody.GetProperty("dossierId").GetString(), secondBody.GetProperty("dossierId").GetString());
        Assert.Equal(firstBody.GetProperty("reference").GetString(), secondBody.GetProperty("reference").GetString());
        Assert.Equal(firstBody.GetProperty("accessToken").GetString(), secondBody.GetProperty("accessToken").GetString());
        Assert.True(secondBody.GetProperty("replayed").GetBoolean());
        Assert.Equal(1, await app.RowCountAsync(TableNames.Dossiers, $"PartitionKey eq '{campaign.Id}'"));
        Assert.Single(await app.BlobNamesAsync(campaign.Id + "/"), n => n.EndsWith("-statuts.pdf", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submit_SameKeyAndAnotherBody_Returns422()
    {
        var campaign = await app.CreateCampaignAsync();
        var key = Guid.NewGuid().ToString();
        await PostAsync(campaign.Id, key, Multipart.Valid());

        var (status, problem) = await PostAsync(campaign.Id, key, Multipart.Dossier(TestFiles.SampleDossierJson,
            [("statutes", "statuts.pdf", TestFiles.StatutesPdf), ("annual-accounts", "comptes-2014.pdf", TestFiles.AccountsPdf)]));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("idempotency-key-reused", problem.GetProperty("code").GetString());
        Assert.Equal(1, await app.RowCountAsync(TableNames.Dossiers, $"PartitionKey eq '{campaign.Id}'"));
        Assert.Equal(2, (await app.BlobNamesAsync(campaign.Id + "/")).Count(n => n.EndsWith(".pdf", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Submit_SameKeyAfterTheDeadline_StillReplaysTheAcceptedAnswer()
    {
        var campaign = await app.CreateCampaignAsync();
        var key = Guid.NewGuid().ToString();
        var (_, first) = await PostAsync(campaign.Id, key, Multipart.Valid());
        await app.CreateCampaignAsync(_ => campaign with { Deadline = Ami.Domain.Campaigns.CampaignDeadline.LastSecond(IntakeApp.Now.AddSeconds(-10)) });

        var (status, replay) = await PostAsync(campaign.Id, key, Multipart.Valid());

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(first.GetProperty("dossierId").GetString(), replay.GetProperty("dossierId").GetString());
    }

    [Fact]
    public async Task Get_WithAnotherHoldersToken_Returns404LikeAnUnknownDossier()
    {
        var campaign = await app.CreateCampaignAsync();
        var (_, a) = await PostAsync(campaign.Id, null, Multipart.Valid());
        var (_, b) = await PostAsync(campaign.Id, null, Multipart.Valid());
        var dossierB = b.GetProperty("dossierId").GetString();

        using var withTokenOfA = await app.Http.SendAsync(app.Get($"/api/dossiers/{dossierB}", a.GetProperty("accessToken").GetString()));
        using var withoutToken = await app.Http.SendAsync(app.Get($"/api/dossiers/{dossierB}"));
        using var unknown = await app.Http.SendAsync(app.Get($"/api/dossiers/{campaign.Id}.aaaaaaaaaaaaaaaaaaaa", a.GetProperty("accessToken").GetString()));
        using var withTokenOfB = await app.Http.SendAsync(app.Get($"/api/dossiers/{dossierB}", b.GetProperty("accessToken").GetString()));
        using var asStaff = await app.Http.SendAsync(app.Get($"/api/dossiers/{dossierB}", staff: true));

        Assert.Equal(HttpStatusCode.NotFound, withTokenOfA.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), await withTokenOfA.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, withTokenOfB.StatusCode);
        Assert.Equal(HttpStatusCode.OK, asStaff.StatusCode);
    }

    [Fact]
    public async Task Submit_StoresOnlyTheHashOfTheAccessToken()
    {
        var campaign = await app.CreateCampaignAsync();
        var (_, body) = await PostAsync(campaign.Id, null, Multipart.Valid());
        var token = body.GetProperty("accessToken").GetString()!;

        var row = (await app.Table(TableNames.Dossiers).GetEntityAsync<Azure.Data.Tables.TableEntity>(campaign.Id, body.GetProperty("dossierId").GetString())).Value;

        Assert.DoesNotContain(row, kv => kv.Value is string s && s.Contains(token, StringComparison.Ordinal));
        Assert.Equal(Ami.Workflow.Intake.AccessTokens.Hash(token), row.GetString("AccessTokenHash"));
    }

    [Fact]
    public async Task Get_GrantedDossier_ShowsThePlanAndWhatWasReleased()
    {
        var campaign = await app.CreateCampaignAsync();
        var (_, body) = await PostAsync(campaign.Id, null, Multipart.Valid());
        var dossierId = body.GetProperty("dossierId").GetString()!;
        var services = app.Services;
        await services.GetRequiredService<IDossierStore>().UpdateAsync(dossierId, d => d with { Status = DossierStatus.Started, GrantedAmount = Euros.FromDecimal(28_999.99m) }, CancellationToken.None);
        var releasedAt = new DateTimeOffset(2015, 10, 2, 9, 0, 0, TimeSpan.Zero);
        await services.GetRequiredService<IPaymentLedger>().TryAddAsync(new PaymentEntry(dossierId, 1, 70, Euros.FromDecimal(20_299.99m), releasedAt), CancellationToken.None);

        using var response = await app.Http.SendAsync(app.Get($"/api/dossiers/{dossierId}", body.GetProperty("accessToken").GetString()));

        var instalments = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instalments").EnumerateArray().ToList();
        Assert.Equal(2, instalments.Count);
        Assert.Equal("released", instalments[0].GetProperty("status").GetString());
        Assert.Equal(20299.99m, instalments[0].GetProperty("amount").GetDecimal());
        Assert.Equal(releasedAt, instalments[0].GetProperty("releasedAt").GetDateTimeOffset());
        Assert.Equal("planned", instalments[1].GetProperty("status").GetString());
        Assert.Equal(30, instalments[1].GetProperty("percent").GetInt32());
        Assert.Equal(8700m, instalments[1].GetProperty("amount").GetDecimal());
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string campaignId, string? key, HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/campaigns/{campaignId}/dossiers") { Content = content };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        using var response = await app.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}
