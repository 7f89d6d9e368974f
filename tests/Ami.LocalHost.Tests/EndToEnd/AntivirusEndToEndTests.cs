using System.Text;
using System.Text.Json;
using Ami.LocalHost.Dev;
using Ami.Testing;
using static Ami.LocalHost.Tests.EndToEnd.TestCampaigns;

namespace Ami.LocalHost.Tests.EndToEnd;

/// <inheritdoc cref="EndToEndJourneyCollection"/>
[CollectionDefinition(Name)]
public sealed class EndToEndAntivirusCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "EndToEnd.Antivirus";
}

/// <summary>
/// A real clamd (Debian's clamav-daemon) with the project's signature file, owned by the test so that it can be
/// stopped and started again, and one local host process pointed at it, retrying a scan without answer after
/// 1 s then 2 s, and alerting staff after 4 s.
/// </summary>
public sealed class AntivirusSiteFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AmiSite? _site;

    public ClamdProcess Clamd { get; private set; } = null!;

    internal async Task<AmiSite> GetAsync(string connectionString)
    {
        await _gate.WaitAsync();
        try
        {
            return _site ??= await AmiSite.StartAsync(connectionString, "e2eav", new Dictionary<string, string>
            {
                ["Ami__Scanning__Engine"] = "ClamAv",
                ["Ami__Scanning__ClamAvPort"] = Clamd.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Ami__Scanning__RetryFirst"] = "00:00:01",
                ["Ami__Scanning__RetryMax"] = "00:00:02",
                ["Ami__Scanning__StuckAfter"] = "00:00:04",
                ["Ami__Scanning__ScanTimeout"] = "00:00:20",
            });
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task InitializeAsync() => Clamd = await ClamdProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_site is not null)
        {
            await _site.DisposeAsync();
        }

        if (Clamd is not null)
        {
            await Clamd.DisposeAsync();
        }

        _gate.Dispose();
    }
}

/// <summary>
/// Files are scanned by the real clamd before anyone but their holder opens them: the holder's view and the staff's
/// pages show each file's state, only safe files get a download link, an infected file is named to its holder, and a
/// scan without answer is retried until clamd answers.
/// </summary>
[Collection(EndToEndAntivirusCollection.Name)]
public sealed class AntivirusEndToEndTests(AzuriteFixture azurite, AntivirusSiteFixture fixture) : IClassFixture<AntivirusSiteFixture>
{
    /// <summary>The EICAR test string (the antivirus industry's harmless test file), which the project's signatures name <c>Ami.Test.Eicar</c>.</summary>
    private static readonly byte[] Eicar = Encoding.ASCII.GetBytes(@"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*");

    [Fact]
    public async Task CleanPdf_BecomesSafe_AndStaffGetItsDownloadLink()
    {
        var (site, campaignId) = await OpenCampaignAsync();
        var dossier = await site.SubmitSampleAsync(campaignId);

        var view = await WaitForScanAsync(site, dossier, "statuts.pdf", "safe");
        Assert.All(view.GetProperty("attachments").EnumerateArray(), a => Assert.Equal("safe", a.GetProperty("scan").GetString()));
        Assert.Equal("analysé, sain", Attachment(view, "statuts.pdf").GetProperty("scanLabel").GetString());

        var request = await site.WaitForMailAsync(Staff, "validation-request", dossier.Id);
        var page = await site.OpenLinkAsync(request.ActionLink(AmiSite.PublicBaseUrl));
        Assert.Matches("<a rel=\"noreferrer\" href=\"http[^\"]+\">statuts.pdf</a>", page.Html);
        Assert.Contains("antivirus : analysé, sain", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EicarInsideAPdf_BecomesInfected_NoDownloadLink_HolderToldWhichFileToReplace()
    {
        var (site, campaignId) = await OpenCampaignAsync();
        byte[] infected = [.. "%PDF-1.4\n%âãÏÓ\n"u8, .. Eicar, .. "\n%%EOF\n"u8];
        var (status, body, _, _) = await site.SubmitAsync(campaignId, Multipart.Dossier(TestFiles.SampleDossierJson,
            [("statutes", "statuts-2015.pdf", infected), ("annual-accounts", "comptes.pdf", TestFiles.AccountsPdf)]));
        Assert.True(status == System.Net.HttpStatusCode.Created, $"{(int)status} {body}");
        var dossier = new FiledDossier(body.GetProperty("dossierId").GetString()!, body.GetProperty("reference").GetString()!, body.GetProperty("accessToken").GetString()!);

        // The holder's view: the infected file and the clean one, each with its state.
        var view = await WaitForScanAsync(site, dossier, "statuts-2015.pdf", "infected");
        Assert.Equal("infecté : à remplacer", Attachment(view, "statuts-2015.pdf").GetProperty("scanLabel").GetString());
        view = await WaitForScanAsync(site, dossier, "comptes.pdf", "safe");
        Assert.Contains("scan:infected", AmiSite.Events(view));

        // The holder is told, in French, which file to replace.
        var mail = await site.WaitForMailAsync(Holder, "attachment-rejected", dossier.Id);
        Assert.Contains("statuts-2015.pdf", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("Merci de remplacer ce fichier", mail.PlainText, StringComparison.Ordinal);
        Assert.Contains("« statuts-2015.pdf »", mail.PlainText, StringComparison.Ordinal);

        // Staff: the dossier is marked in their list, and told by mail.
        await site.WaitForMailAsync(Staff, "attachment-rejected", dossier.Id);
        using (var list = await site.GetAsync($"/api/campaigns/{campaignId}/dossiers", staffKey: true))
        {
            var items = JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.GetProperty("items");
            var item = items.EnumerateArray().Single(d => d.GetProperty("dossierId").GetString() == dossier.Id);
            Assert.Equal("infected", item.GetProperty("attachmentsScan").GetString());
        }

        // The validation page shows the state and gives no link to the infected file (the clean one keeps its link).
        var request = await site.WaitForMailAsync(Staff, "validation-request", dossier.Id);
        var page = await site.OpenLinkAsync(request.ActionLink(AmiSite.PublicBaseUrl));
        Assert.Contains("statuts-2015.pdf (statutes", page.Text, StringComparison.Ordinal);
        Assert.Contains("antivirus : infecté : à remplacer", page.Text, StringComparison.Ordinal);
        Assert.DoesNotMatch("<a [^>]*>statuts-2015.pdf</a>", page.Html);
        Assert.Matches("<a rel=\"noreferrer\" href=\"http[^\"]+\">comptes.pdf</a>", page.Html);
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(page.Html, "<a rel=\"noreferrer\""));
    }

    [Fact]
    public async Task ClamdStoppedDuringTheScan_FileStaysPending_ThenSafeOnceClamdIsBack_RetriesInTheTimeline()
    {
        var (site, campaignId) = await OpenCampaignAsync();
        await fixture.Clamd.StopAsync();
        try
        {
            var dossier = await site.SubmitSampleAsync(campaignId);

            // No answer: pending (never "safe"), retried by a durable timer, each retry on the timeline.
            var waiting = await Eventually.GetAsync("two scans without answer on the timeline", async () =>
            {
                var v = await site.GetDossierAsync(dossier);
                var retries = AmiSite.Events(v).Count(e => e == "scan:no-answer");
                return (retries >= 2, v, $"timeline [{string.Join(", ", AmiSite.Events(v))}]");
            }, TimeSpan.FromSeconds(60), site.OutputTail);
            Assert.All(waiting.GetProperty("attachments").EnumerateArray(), a => Assert.Equal("pending", a.GetProperty("scan").GetString()));

            // Past the bounded time, staff get one alert listing the stuck files.
            var alert = await site.WaitForMailAsync(Staff, "attachment-scan-stuck", dossier.Id, TimeSpan.FromSeconds(60));
            Assert.Contains("statuts.pdf", alert.PlainText, StringComparison.Ordinal);
            Assert.Contains("comptes.pdf", alert.PlainText, StringComparison.Ordinal);

            // clamd is back: the next retry gets an answer.
            await fixture.Clamd.RestartAsync();
            var view = await WaitForScanAsync(site, dossier, "statuts.pdf", "safe");
            view = await WaitForScanAsync(site, dossier, "comptes.pdf", "safe");
            var events = AmiSite.Events(view).ToList();
            Assert.True(events.Count(e => e == "scan:no-answer") >= 2, string.Join(", ", events));
            Assert.Single(events, "scan:stuck-alert");
            Assert.Single(await site.MailsToAsync(Staff), m => m.Kind == "attachment-scan-stuck" && m.DossierId == dossier.Id);
        }
        finally
        {
            await fixture.Clamd.RestartAsync();
        }
    }

    [Fact]
    public async Task WithoutClamd_TheHostSaysSoAtStart_AndFilesStayPending_NeverSafe()
    {
        await using var host = await InProcessLocalHost.StartAsync(azurite.ConnectionString, settings: new Dictionary<string, string> { ["LocalHost:StartClamd"] = "false" });
        using var banner = new StringWriter();
        host.WriteBanner(banner);
        Assert.Contains("Antivirus     AUCUN", banner.ToString(), StringComparison.Ordinal);
        Assert.Null(host.Clamd);

        using var http = new HttpClient { BaseAddress = host.BaseUrl };
        var campaignId = NewId("av0");
        using (var post = new HttpRequestMessage(HttpMethod.Post, "/api/campaigns") { Content = new StringContent(InSeconds(campaignId, DateTimeOffset.UtcNow.AddDays(1)).ToJsonString(), Encoding.UTF8, "application/json") })
        {
            post.Headers.Add("x-functions-key", InProcessLocalHost.TestStaffKey);
            Assert.True((await http.SendAsync(post)).IsSuccessStatusCode);
        }

        using var filed = await http.PostAsync($"/api/campaigns/{campaignId}/dossiers", Multipart.Valid());
        var body = JsonDocument.Parse(await filed.Content.ReadAsStringAsync()).RootElement;
        Assert.True(filed.StatusCode == System.Net.HttpStatusCode.Created, body.ToString());
        var id = body.GetProperty("dossierId").GetString();

        // Scans are tried (and retried) without an answer: the files stay pending.
        var view = await Eventually.GetAsync("a scan without answer on the timeline", async () =>
        {
            using var get = new HttpRequestMessage(HttpMethod.Get, $"/api/dossiers/{id}");
            get.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", body.GetProperty("accessToken").GetString());
            using var answer = await http.SendAsync(get);
            var v = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.Clone();
            var events = v.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("event").GetString()).ToList();
            return (events.Contains("scan:no-answer"), v, string.Join(", ", events));
        }, TimeSpan.FromSeconds(60));
        Assert.All(view.GetProperty("attachments").EnumerateArray(), a => Assert.Equal("pending", a.GetProperty("scan").GetString()));
    }

    private async Task<(AmiSite Site, string CampaignId)> OpenCampaignAsync()
    {
        var site = await fixture.GetAsync(azurite.ConnectionString);
        var campaignId = NewId("av");
        await site.PostCampaignAsync(InSeconds(campaignId, DateTimeOffset.UtcNow.AddDays(1)));
        return (site, campaignId);
    }

    private static JsonElement Attachment(JsonElement view, string name) =>
        view.GetProperty("attachments").EnumerateArray().Single(a => a.GetProperty("name").GetString() == name);

    private static Task<JsonElement> WaitForScanAsync(AmiSite site, FiledDossier dossier, string name, string state) =>
        Eventually.GetAsync($"{name} to be « {state} »", async () =>
        {
            var view = await site.GetDossierAsync(dossier);
            var now = Attachment(view, name).GetProperty("scan").GetString();
            return (now == state, view, $"« {now} », timeline [{string.Join(", ", AmiSite.Events(view))}]");
        }, TimeSpan.FromSeconds(60), site.OutputTail);
}
