using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ami.Domain.States;
using Ami.Workflow.Ports;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Ami.Workflow.Tests.Intake;

[Collection(IntakeCollection.Name)]
public sealed class CampaignAndListTests(IntakeApp app)
{
    [Fact]
    public async Task PostCampaign_NewThenSameId_Returns201Then200()
    {
        var json = CampaignJson("test-post-" + Guid.NewGuid().ToString("N")[..8], "2015-05-29");

        using var created = await PostCampaignAsync(json);
        using var replaced = await PostCampaignAsync(json);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var id = JsonNode.Parse(json)!["id"]!.GetValue<string>();
        using var get = await app.Http.SendAsync(app.Get($"/api/campaigns/{id}", staff: true));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("2015-05-29", (await get.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deadline").GetString());
        using var list = await app.Http.SendAsync(app.Get("/api/campaigns", staff: true));
        Assert.Contains((await list.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray(), c => c.GetProperty("id").GetString() == id);
        // The shipped campaign was loaded from campaigns/ at start.
        using var shipped = await app.Http.SendAsync(app.Get("/api/campaigns/ami-is-2015", staff: true));
        Assert.Equal(HttpStatusCode.OK, shipped.StatusCode);
    }

    [Fact]
    public async Task GetCampaign_ForStaff_CountsItsDrafts_AndTheCampaignPostedBackWithThatCountIsAccepted()
    {
        var id = "test-drafts-" + Guid.NewGuid().ToString("N")[..8];
        using (var created = await PostCampaignAsync(CampaignJson(id, "2015-05-29")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var store = app.Services.GetRequiredService<IDraftStore>();
        var at = new DateTimeOffset(2015, 5, 1, 9, 0, 0, TimeSpan.Zero);
        foreach (var n in new[] { "a", "b" })
        {
            Assert.True(await store.SaveAsync(new Draft(id, n, n + "@asso.example", new Dictionary<string, string> { ["holder.name"] = n }, at, at), CancellationToken.None));
        }

        await store.MarkFiledAsync(id, "b", "TEST-0001", CancellationToken.None);

        using var get = await app.Http.SendAsync(app.Get($"/api/campaigns/{id}", staff: true));
        var body = await get.Content.ReadAsStringAsync();
        var drafts = JsonNode.Parse(body)!["drafts"]!;
        Assert.Equal((1, 1), (drafts["unfinished"]!.GetValue<int>(), drafts["filed"]!.GetValue<int>()));

        // Read, changed and posted back as a whole: the read-only count does not make it an unknown field.
        var changed = JsonNode.Parse(body)!;
        changed["title"] = "AMI Innovation sociale (essai, modifié)";
        using var replaced = await PostCampaignAsync(changed.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
    }

    [Fact]
    public async Task PostCampaign_WithSeveralProblems_Returns400WithEveryError()
    {
        var node = JsonNode.Parse(CampaignJson("Bad Id!", "2015-05-29"))!.AsObject();
        node["maxGrant"] = "beaucoup";
        node["instalmentPercents"] = new JsonArray(70, 20);

        using var response = await PostCampaignAsync(node.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Contains("id", fields);
        Assert.Contains("maxGrant", fields);
        Assert.Contains("instalmentPercents", fields);
    }

    [Fact]
    public async Task PostCampaign_MoneyGridAndEligibilityChangedWhileADossierIsInFlight_409ListingEveryFieldAndNothingStored()
    {
        var campaign = await app.CreateCampaignAsync();
        await SubmitAsync(campaign.Id);
        var before = Ami.Domain.Campaigns.CampaignJson.Serialize((await app.Services.GetRequiredService<ICampaignStore>().GetAsync(campaign.Id, CancellationToken.None))!);
        var changed = JsonNode.Parse(before)!.AsObject();
        changed["maxGrant"] = 50000;
        changed["instalmentPercents"] = new JsonArray(50, 50);
        changed["eligibleDepartments"] = new JsonArray("33");
        changed["grid"]!.AsArray().Add(JsonNode.Parse("""{ "key": "digital", "label": "Place du numérique", "levels": ["a", "b", "c", "d"] }"""));
        changed["title"] = "AMI Innovation sociale (prolongé)"; // allowed, but the change is refused as a whole

        using var response = await PostCampaignAsync(changed.ToJsonString());

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("campaign-in-flight", problem.GetProperty("code").GetString());
        var errors = problem.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(["eligibleDepartments", "grid", "instalmentPercents", "maxGrant"], errors.Select(e => e.GetProperty("field").GetString()).Order());
        Assert.All(errors, e => Assert.Equal("campaign-in-flight", e.GetProperty("code").GetString()));
        Assert.Contains(errors, e => e.GetProperty("message").GetString()!.StartsWith("Le plafond de l'aide ne peut pas changer", StringComparison.Ordinal));
        Assert.Equal(before, Ami.Domain.Campaigns.CampaignJson.Serialize((await app.Services.GetRequiredService<ICampaignStore>().GetAsync(campaign.Id, CancellationToken.None))!));
    }

    [Fact]
    public async Task PostCampaign_SameChangeWhenEveryDossierHasEnded_Accepted()
    {
        var campaign = await app.CreateCampaignAsync();
        var ended = await SubmitAsync(campaign.Id);
        await app.Services.GetRequiredService<IDossierStore>().UpdateAsync(ended, d => d with { Status = DossierStatus.Withdrawn }, CancellationToken.None);
        var changed = JsonNode.Parse(Ami.Domain.Campaigns.CampaignJson.Serialize(campaign))!.AsObject();
        changed["maxGrant"] = 50000;
        changed["instalmentPercents"] = new JsonArray(50, 50);

        using var response = await PostCampaignAsync(changed.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(50000m, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("maxGrant").GetDecimal());
    }

    [Fact]
    public async Task PostCampaign_PeopleAndWaitsChangedWhileADossierIsInFlight_Accepted()
    {
        var campaign = await app.CreateCampaignAsync();
        await SubmitAsync(campaign.Id);
        var changed = JsonNode.Parse(Ami.Domain.Campaigns.CampaignJson.Serialize(campaign))!.AsObject();
        changed["jurors"]!.AsArray().Add("jure9@partner.example");
        changed["finance"] = "paiements@region.example";
        changed["juryDueAfterClose"] = "P45D";
        changed["title"] = "AMI Innovation sociale (prolongé)";

        using var response = await PostCampaignAsync(changed.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = (await app.Services.GetRequiredService<ICampaignStore>().GetAsync(campaign.Id, CancellationToken.None))!;
        Assert.Contains("jure9@partner.example", stored.Jurors);
        Assert.Equal("paiements@region.example", stored.Finance);
    }

    [Fact]
    public async Task PostCampaign_DeadlineMoved_TellsTheJourneyOfEveryOpenDossier()
    {
        var campaign = await app.CreateCampaignAsync();
        var open = await SubmitAsync(campaign.Id);
        var withdrawn = await SubmitAsync(campaign.Id);
        await app.Services.GetRequiredService<IDossierStore>().UpdateAsync(withdrawn, d => d with { Status = DossierStatus.Withdrawn }, CancellationToken.None);
        var moved = JsonNode.Parse(Ami.Domain.Campaigns.CampaignJson.Serialize(campaign))!.AsObject();
        moved["deadline"] = "2015-06-05";

        // The journey of a dossier filed a moment ago may not have published yet that it waits (a busy test host):
        // a campaign change only reaches the journeys that wait for it, so wait until this one does.
        using (var published = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (await Ami.Workflow.Orchestrations.JourneyClient.GetJourneyStatusAsync(app.Durable, open, published.Token) is not { } status
                || !status.Allows(Ami.Workflow.Orchestrations.JourneyEvents.CampaignChanged))
            {
                await Task.Delay(100, published.Token);
            }
        }

        using var response = await PostCampaignAsync(moved.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var done = await app.Durable.WaitForInstanceCompletionAsync(open, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        Assert.Equal("\"campaign-changed:staff\"", done.SerializedOutput);
        Assert.Equal("2015-06-05", (await app.Services.GetRequiredService<ICampaignStore>().GetAsync(campaign.Id, CancellationToken.None))!.Deadline.Text);
        var untouched = await app.Durable.GetInstanceAsync(withdrawn);
        Assert.Equal(OrchestrationRuntimeStatus.Running, untouched!.RuntimeStatus);
    }

    [Fact]
    public async Task ListDossiers_PagedAndFiltered_ReturnsEachCommittedDossierOnce()
    {
        var campaign = await app.CreateCampaignAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await SubmitAsync(campaign.Id));
        }

        await app.Services.GetRequiredService<IDossierStore>().UpdateAsync(ids[1], d => d with { Status = DossierStatus.Eligible }, CancellationToken.None);

        var seen = new List<string>();
        string? continuation = null;
        var pages = 0;
        do
        {
            var url = $"/api/campaigns/{campaign.Id}/dossiers?pageSize=2" + (continuation is null ? "" : "&continuationToken=" + Uri.EscapeDataString(continuation));
            using var response = await app.Http.SendAsync(app.Get(url, staff: true));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.True(items.Count <= 2);
            seen.AddRange(items.Select(i => i.GetProperty("dossierId").GetString()!));
            continuation = page.TryGetProperty("continuationToken", out var next) ? next.GetString() : null;
            pages++;
        }
        while (continuation is not null && pages < 10);

        Assert.Equal(ids.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        using var eligible = await app.Http.SendAsync(app.Get($"/api/campaigns/{campaign.Id}/dossiers?status=eligible", staff: true));
        var only = Assert.Single((await eligible.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray());
        Assert.Equal(ids[1], only.GetProperty("dossierId").GetString());
        Assert.Equal("eligible", only.GetProperty("status").GetString());
        Assert.Equal(30000, only.GetProperty("requestedAmount").GetDecimal());
    }

    [Fact]
    public async Task ListDossiers_BadQuery_Returns400WithEachProblem()
    {
        var campaign = await app.CreateCampaignAsync();

        using var response = await app.Http.SendAsync(app.Get($"/api/campaigns/{campaign.Id}/dossiers?status=lost&pageSize=0", staff: true));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString());
        Assert.Equal(["pageSize", "status"], fields.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("GET", "/api/campaigns")]
    [InlineData("GET", "/api/campaigns/ami-is-2015")]
    [InlineData("POST", "/api/campaigns")]
    [InlineData("GET", "/api/campaigns/ami-is-2015/dossiers")]
    public async Task StaffRoutes_WithoutTheStaffKey_AreRefused(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new StringContent(CampaignJson("test-nokey", "2015-05-29"), Encoding.UTF8, "application/json");
        }

        request.Headers.Add("x-functions-key", "not-the-staff-key");
        using var response = await app.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<string> SubmitAsync(string campaignId)
    {
        using var response = await app.Http.PostAsync($"/api/campaigns/{campaignId}/dossiers", Multipart.Valid());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dossierId").GetString()!;
    }

    private Task<HttpResponseMessage> PostCampaignAsync(string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/campaigns") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("x-functions-key", IntakeApp.StaffKey);
        return app.Http.SendAsync(request);
    }

    private static string CampaignJson(string id, string deadline) => $$"""
        {
          "id": "{{id}}",
          "title": "AMI Innovation sociale (essai)",
          "opensAt": "2015-03-01T00:00:00+01:00",
          "deadline": "{{deadline}}",
          "maxGrant": 40000,
          "instalmentPercents": [70, 30],
          "maxDurationMonths": 12,
          "bilanDueAfter": "P12M",
          "juryDueAfterClose": "P30D",
          "contactEmail": "ami.is@aquitaine.fr",
          "staff": ["instruction@region.example"],
          "jurors": ["jure1@partner.example", "jure2@region.example"],
          "juryPresident": "president@region.example",
          "cpSecretariat": "cp@region.example",
          "finance": "finance@region.example"
        }
        """;
}
