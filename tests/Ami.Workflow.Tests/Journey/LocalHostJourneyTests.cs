using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ami.LocalHost;
using Ami.LocalHost.Dev;
using Ami.Domain.Scoring;
using Ami.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Ami.Workflow.Tests.Journey;

/// <summary>
/// The whole journey end to end on the local host: the real engine on Azurite, the Table and Blob adapters,
/// the real mails (SendGrid capture). People click the links found in their mails, the holder uses the API.
/// </summary>
public sealed partial class LocalHostJourneyTests : IAsyncLifetime
{
    private AzuriteProcess? _azurite;
    private AmiLocalHost? _host;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync();
        _host = await InProcessLocalHost.StartAsync(_azurite.ConnectionString);
        _http = new HttpClient { BaseAddress = _host.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    [Fact]
    public async Task Journey_OverHttpWithMailedLinks_FromSubmissionToClosedWithBothInstalments()
    {
        var campaignId = await CreateCampaignAsync();
        var (dossierId, holder) = await FileSampleAsync(campaignId);

        await ToGrantedAsync(dossierId, holder, 25000);
        await StartAsync(dossierId, holder);
        await UntilAsync(async () => (await StatusAsync(dossierId, holder)).GetProperty("instalments").EnumerateArray().Any(i => i.GetProperty("status").GetString() == "released"));
        await HandInBilanAsync(dossierId, holder);
        await ActAsync("instruction@region.example", """{ "decision": "accepted" }""");

        JsonElement final = default;
        await UntilAsync(async () => (final = await StatusAsync(dossierId, holder)).GetProperty("status").GetString() == "closed");
        var instalments = final.GetProperty("instalments").EnumerateArray().ToList();
        Assert.Equal([17500m, 7500m], instalments.Select(i => i.GetProperty("amount").GetDecimal()));
        Assert.All(instalments, i => Assert.Equal("released", i.GetProperty("status").GetString()));
        var events = final.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("event").GetString()).ToList();
        Assert.Contains("validation:eligible", events);
        Assert.Contains("instalment-2-released", events);
        Assert.Contains("closed", events);
        Assert.Equal(2, _host!.Mails.Mails.Count(m => m.To.Contains("finance@region.example")));
    }

    /// <summary>
    /// The most serious defect known (issue 11): the split of the campaign edited to 50/50 after the 70 % was
    /// released used to pay 14 000 + 10 000 = 24 000 € of a 20 000 € grant. The plan voted by the CP holds. And a
    /// 13th criterion added to the campaign's grid after the jury opened does not reach that jury.
    /// </summary>
    [Fact]
    public async Task Grant_SplitAndGridOfTheCampaignEditedInFlight_PaysWhatTheCpGrantedAndTheJuryKeepsItsGrid()
    {
        // A grid of its own (not Annex 1's): eleven of the Annex's criteria and one on digital tools.
        var grid = new ScoringGrid([.. ScoringGrid.Annex1.Criteria.Take(11), new Criterion("digital", "Place du numérique", ["Aucune", "Faible", "Réelle", "Forte"])]);
        var campaignId = await CreateCampaignAsync(""", "grid": """ + JsonSerializer.Serialize(grid, Ami.Domain.Json.AmiJson.Options));
        var (dossierId, holder) = await FileSampleAsync(campaignId);
        await ToGrantedAsync(dossierId, holder, 20000, grid, onJuryOpened: () => ChangeCampaignAsync(campaignId, c =>
            c["grid"]!.AsArray().Add(System.Text.Json.Nodes.JsonNode.Parse("""{ "key": "mobility", "label": "Mobilité durable", "levels": ["Aucune", "Faible", "Réelle", "Forte"] }"""))));

        Assert.All(_jurorPages, page => Assert.Contains("Place du numérique", page, StringComparison.Ordinal));
        Assert.All(_jurorPages, page => Assert.DoesNotContain("Mobilité durable", page, StringComparison.Ordinal));
        var jury = (await StatusAsync(dossierId, holder)).GetProperty("jury");
        Assert.Equal(2, jury.GetProperty("sheets").GetInt32());
        Assert.Equal(30m, jury.GetProperty("meanTotal").GetDecimal()); // 12 × 3 and 12 × 2
        Assert.Equal(grid.Keys.Order(), jury.GetProperty("means").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(2.5m, jury.GetProperty("means").GetProperty("digital").GetDecimal());
        await StartAsync(dossierId, holder);
        await UntilAsync(async () => (await StatusAsync(dossierId, holder)).GetProperty("instalments").EnumerateArray().Any(i => i.GetProperty("status").GetString() == "released"));

        // The campaign route refuses the new split while the dossier is in flight; changed behind its back, the plan holds.
        var refused = await EditCampaignAsync(campaignId, c => c["instalmentPercents"] = new System.Text.Json.Nodes.JsonArray(50, 50), expectSuccess: false);
        Assert.Equal(409, (int)refused.StatusCode);
        Assert.Contains("\"instalmentPercents\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await ChangeCampaignAsync(campaignId, c => c["instalmentPercents"] = new System.Text.Json.Nodes.JsonArray(50, 50));

        await HandInBilanAsync(dossierId, holder);
        await ActAsync("instruction@region.example", """{ "decision": "accepted" }""");
        JsonElement final = default;
        await UntilAsync(async () => (final = await StatusAsync(dossierId, holder)).GetProperty("status").GetString() == "closed");

        var instalments = final.GetProperty("instalments").EnumerateArray().ToList();
        Assert.Equal([14000m, 6000m], instalments.Select(i => i.GetProperty("amount").GetDecimal()));
        Assert.Equal([70, 30], instalments.Select(i => i.GetProperty("percent").GetInt32()));
        Assert.All(instalments, i => Assert.Equal("released", i.GetProperty("status").GetString()));
        var orders = _host!.Mails.Mails.Where(m => m.To.Contains("finance@region.example") && m.CustomArgs["dossier_id"] == dossierId).Select(m => m.Subject).ToList();
        Assert.Equal(2, orders.Count);
        Assert.Contains(orders, s => Normalize(s).Contains("versement n° 1 de 14 000,00 €", StringComparison.Ordinal));
        Assert.Contains(orders, s => Normalize(s).Contains("versement n° 2 de 6 000,00 €", StringComparison.Ordinal));
        var closed = Assert.Single(_host.Mails.Mails, m => m.To.Contains("jeanne.martin@jardins-partages.example") && m.Categories.Contains("closed") && m.CustomArgs["dossier_id"] == dossierId);
        Assert.Contains("30 % de 20 000,00 €, soit 6 000,00 €", Normalize(closed.Text), StringComparison.Ordinal);
    }

    /// <param name="extra">More fields, written after the others (<c>, "grid": […]</c>).</param>
    private async Task<string> CreateCampaignAsync(string extra = "")
    {
        var campaignId = "e2e-" + Guid.NewGuid().ToString("N")[..8];
        var closesAt = DateTimeOffset.UtcNow.AddSeconds(12);
        var campaign = $$"""
        {
          "id": "{{campaignId}}", "title": "AMI de bout en bout", "referencePrefix": "AMI-E2E",
          "opensAt": "{{DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)}}",
          "deadline": "{{closesAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)}}",
          "maxGrant": 40000, "instalmentPercents": [70, 30], "maxDurationMonths": 12,
          "bilanDueAfter": "PT2M", "juryDueAfterClose": "PT2M",
          "contactEmail": "ami.is@region.example", "staff": ["instruction@region.example"],
          "jurors": ["jure1@partner.example", "jure2@region.example"],
          "juryPresident": "president@region.example", "cpSecretariat": "cp@region.example", "finance": "finance@region.example",
          "schedule": { "changesRemindersBeforeDeadline": ["PT1M"], "juryRemindersBeforeDue": ["PT1M"],
                        "bilanRemindersBeforeDue": ["PT1M"], "bilanRemindersAfterDue": ["PT1M"],
                        "staffReminderEvery": "PT5M", "actionLinkValidity": "P1D", "startExpectedWithin": "PT5M" }
          {{extra}}
        }
        """;
        var created = await PostCampaignAsync(campaign);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return campaignId;
    }

    private async Task<HttpResponseMessage> PostCampaignAsync(string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/campaigns") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("x-functions-key", InProcessLocalHost.TestStaffKey);
        return await _http.SendAsync(request);
    }

    /// <summary>
    /// The campaign changed behind the journeys' back, as the route would store it (the route itself refuses such
    /// changes while dossiers are in flight): what the frozen plan and grid protect against.
    /// </summary>
    private async Task ChangeCampaignAsync(string campaignId, Action<System.Text.Json.Nodes.JsonObject> edit)
    {
        var store = _host!.Services.GetRequiredService<Ami.Workflow.Storage.TableCampaignStore>();
        var current = (await store.GetAsync(campaignId, CancellationToken.None))!;
        var json = System.Text.Json.Nodes.JsonNode.Parse(Ami.Domain.Campaigns.CampaignJson.Serialize(current))!.AsObject();
        edit(json);
        var (changed, errors) = Ami.Domain.Campaigns.CampaignJson.Parse(json.ToJsonString());
        Assert.True(changed is not null, string.Join("; ", errors.Select(e => e.Field + " " + e.Code)));
        await store.UpsertAsync(changed, CancellationToken.None);
    }

    /// <summary>Staff read the campaign, change it and post it again (the campaign route).</summary>
    private async Task<HttpResponseMessage> EditCampaignAsync(string campaignId, Action<System.Text.Json.Nodes.JsonObject> edit, bool expectSuccess = true)
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/campaigns/" + campaignId);
        get.Headers.Add("x-functions-key", InProcessLocalHost.TestStaffKey);
        var campaign = System.Text.Json.Nodes.JsonNode.Parse(await (await _http.SendAsync(get)).Content.ReadAsStringAsync())!.AsObject();
        edit(campaign);
        var posted = await PostCampaignAsync(campaign.ToJsonString());
        if (expectSuccess)
        {
            Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync());
        }

        return posted;
    }

    /// <summary>The holder files the sample dossier; its id and the holder's token.</summary>
    private async Task<(string DossierId, string Holder)> FileSampleAsync(string campaignId)
    {
        using var form = new MultipartFormDataContent
        {
            { Part(await File.ReadAllBytesAsync(Sample("dossier.json")), "application/json"), "dossier", "dossier.json" },
            { Part(await File.ReadAllBytesAsync(Sample("statuts.pdf")), "application/pdf"), "statutes", "statuts.pdf" },
            { Part(await File.ReadAllBytesAsync(Sample("comptes.pdf")), "application/pdf"), "annual-accounts", "comptes.pdf" },
        };
        var submitted = await _http.PostAsync($"/api/campaigns/{campaignId}/dossiers", form);
        Assert.Equal(201, (int)submitted.StatusCode);
        var receipt = await submitted.Content.ReadFromJsonAsync<JsonElement>();
        return (receipt.GetProperty("dossierId").GetString()!, receipt.GetProperty("accessToken").GetString()!);
    }

    /// <param name="grid">The grid the jurors score on (Annex 1's when not given).</param>
    private async Task ToGrantedAsync(string dossierId, string holder, decimal amount, ScoringGrid? grid = null, Func<Task>? onJuryOpened = null)
    {
        var euros = amount.ToString(CultureInfo.InvariantCulture);
        await ActAsync("instruction@region.example", """{ "decision": "eligible" }""");
        if (onJuryOpened is not null)
        {
            await UntilAsync(async () => (await StatusAsync(dossierId, holder)).GetProperty("status").GetString() == "jury");
            await onJuryOpened();
        }

        _jurorPages.Add(await ActAsync("jure1@partner.example", Scores(3, grid)));
        _jurorPages.Add(await ActAsync("jure2@region.example", Scores(2, grid)));
        await ActAsync("president@region.example", $$"""{ "decision": "favourable", "proposedAmount": {{euros}}, "comment": "Projet exemplaire." }""");
        await ActAsync("cp@region.example", $$"""{ "decision": "granted", "amount": {{euros}}, "cpDate": "{{JourneyHost.Today}}" }""");
        await UntilAsync(async () => (await StatusAsync(dossierId, holder)).GetProperty("status").GetString() == "granted");
    }

    private async Task StartAsync(string dossierId, string holder)
    {
        using var start = new HttpRequestMessage(HttpMethod.Post, $"/api/dossiers/{dossierId}/start") { Content = JsonContent.Create(new { startDate = JourneyHost.Today }) };
        start.Headers.Authorization = new AuthenticationHeaderValue("Bearer", holder);
        Assert.Equal(202, (int)(await _http.SendAsync(start)).StatusCode);
    }

    private async Task HandInBilanAsync(string dossierId, string holder)
    {
        using var bilan = new HttpRequestMessage(HttpMethod.Post, $"/api/dossiers/{dossierId}/bilan");
        bilan.Headers.Authorization = new AuthenticationHeaderValue("Bearer", holder);
        bilan.Content = new MultipartFormDataContent
        {
            { Part(await File.ReadAllBytesAsync(Sample("comptes.pdf")), "application/pdf"), "report", "bilan.pdf" },
            { new StringContent(JourneyHost.GoodBilan, System.Text.Encoding.UTF8, "application/json"), "bilan" },
        };
        var answer = await _http.SendAsync(bilan);
        Assert.True((int)answer.StatusCode == 202, await answer.Content.ReadAsStringAsync());
    }

    /// <summary>French figures use narrow and non-breaking spaces: compared with plain spaces.</summary>
    private static string Normalize(string? text) => (text ?? "").Replace('\u202F', ' ').Replace('\u00A0', ' ');

    /// <summary>Finds the newest unused action link mailed to <paramref name="to"/>, opens it, then posts the decision.</summary>
    private async Task<string> ActAsync(string to, string json)
    {
        string? path = null;
        await UntilAsync(() =>
        {
            path = _host!.Mails.Mails
                .Where(m => m.To.Contains(to))
                .SelectMany(m => ActionLink().Matches(m.Text ?? "").Select(x => x.Groups[1].Value))
                .LastOrDefault(p => !_used.Contains(p));
            return Task.FromResult(path is not null);
        });
        _used.Add(path!);
        var page = await _http.GetAsync(path);
        Assert.Equal(200, (int)page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("lang=\"fr\"", html, StringComparison.Ordinal);
        var decided = await _http.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(decided.IsSuccessStatusCode, $"{to}: {(int)decided.StatusCode} {await decided.Content.ReadAsStringAsync()}");
        Assert.Equal(410, (int)(await _http.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        return html;
    }

    private readonly HashSet<string> _used = [];

    /// <summary>The scoring pages the jurors opened.</summary>
    private readonly List<string> _jurorPages = [];

    private async Task<JsonElement> StatusAsync(string dossierId, string holder)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/dossiers/{dossierId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", holder);
        var response = await _http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, "timed out");
            await Task.Delay(200);
        }
    }

    private static string Scores(int level, ScoringGrid? grid = null) =>
        JsonSerializer.Serialize(new { decision = "scored", scores = (grid ?? ScoringGrid.Annex1).Criteria.ToDictionary(c => c.Key, _ => level) });

    private static ByteArrayContent Part(byte[] bytes, string contentType)
    {
        var part = new ByteArrayContent(bytes);
        part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return part;
    }

    private static string Sample(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "samples", name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException(name);
    }

    [GeneratedRegex(@"https?://[^\s/]+(/api/actions/[A-Za-z0-9_\-.%]+)")]
    private static partial Regex ActionLink();
}
