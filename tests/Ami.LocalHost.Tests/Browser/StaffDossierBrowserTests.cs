using System.Net;
using System.Text;
using System.Text.Json;
using Ami.LocalHost.Tests.EndToEnd;
using Ami.Testing;
using Microsoft.Playwright;
using static Ami.LocalHost.Tests.EndToEnd.TestCampaigns;

namespace Ami.LocalHost.Tests.Browser;

/// <summary>
/// Staff in a real browser: sign in, filter the campaign's list, open a dossier, validate it from its page; the holder
/// gets the mail and the timeline names the person; the mailed link then says it was decided, by whom. The list's CSV
/// export; absurd filters and a role without the right refused. axe-core on every page.
/// </summary>
public sealed class StaffDossierBrowserTests(BrowserSite browser) : IClassFixture<BrowserSite>
{
    private AmiSite Site => browser.Site;

    [Fact]
    public async Task Staff_FilterOpenAndValidateADossier_TheHolderIsToldAndTheTimelineNamesThePerson()
    {
        var campaignId = NewId("gestion");
        await Site.PostCampaignAsync(InSeconds(campaignId, DateTimeOffset.UtcNow.AddDays(1)));
        var first = await Site.SubmitSampleAsync(campaignId);
        var second = await Site.SubmitSampleAsync(campaignId);
        var request = await Site.WaitForMailAsync(Staff, "validation-request", first.Id);

        var page = await browser.NewPageAsync();
        await SignInAsync(page, "instruction");
        await page.GotoAsync(new Uri(browser.BaseUrl, $"/gestion/campagnes/{campaignId}/dossiers").AbsoluteUri);
        Assert.Contains("2 dossiers sur 2", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await browser.CheckAsync(page, "gestion-dossiers");

        // Filter: the first one's reference, submitted, in Gironde (the sample is in Bordeaux).
        await page.FillAsync("#q", first.Reference);
        await page.CheckAsync("#statut-submitted");
        await page.FillAsync("#departement", "33");
        await page.ClickAsync("button:has-text('Filtrer')");
        Assert.Contains("1 dossier sur 2", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("tbody tr").CountAsync());
        Assert.DoesNotContain(second.Reference, await page.InnerTextAsync("tbody"), StringComparison.Ordinal);
        await browser.CheckAsync(page, "gestion-dossiers-filtres");

        // The CSV of the selection.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("text=Exporter la sélection en CSV"));
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!, Encoding.UTF8);
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("référence;dossier;statut;porteur;", lines[0], StringComparison.Ordinal);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"{first.Reference};{first.Id};déposé;Association Les Jardins Partagés;", lines[1], StringComparison.Ordinal);

        // The same selection as XLSX: a workbook whose sheet has the header and the one dossier.
        var workbook = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("text=Exporter la sélection en XLSX"));
        using (var zip = System.IO.Compression.ZipFile.OpenRead((await workbook.PathAsync())!))
        {
            var sheetEntry = zip.Entries.First(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal));
            using var reader = new StreamReader(sheetEntry.Open());
            var sheet = await reader.ReadToEndAsync();
            var strings = zip.GetEntry("xl/sharedStrings.xml") is { } shared ? await new StreamReader(shared.Open()).ReadToEndAsync() : "";
            Assert.Contains(first.Reference, sheet + strings, StringComparison.Ordinal);
            Assert.Contains("montant demandé (€)", sheet + strings, StringComparison.Ordinal);
            Assert.DoesNotContain(second.Reference, sheet + strings, StringComparison.Ordinal);
        }

        // Open it, and decide: eligible.
        await page.ClickAsync($"a:has-text('{first.Reference}')");
        Assert.Equal("Dossier " + first.Reference, await page.InnerTextAsync("h1"));
        Assert.Contains("À décider : Instruction (éligibilité)", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await browser.CheckAsync(page, "gestion-dossier");
        await page.CheckAsync("#decision-eligible");
        await page.ClickAsync("button:has-text('Enregistrer la décision')");
        Assert.Equal("Décision enregistrée", await page.InnerTextAsync("h1"));
        Assert.Contains("Claire Durand", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await browser.CheckAsync(page, "gestion-decision-enregistree");

        // The holder is told, once; the timeline names the person.
        await Site.WaitForMailAsync(Holder, "eligible", first.Id);
        await Site.WaitForStatusAsync(first, "eligible");
        await page.GotoAsync(new Uri(browser.BaseUrl, "/gestion/dossiers/" + first.Id).AbsoluteUri);
        var row = page.Locator("#historique ~ table tbody tr", new PageLocatorOptions { HasText = "Instruction : éligible" });
        Assert.Contains("Claire Durand (instruction@region.example)", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#decider").CountAsync());
        await browser.CheckAsync(page, "gestion-dossier-eligible");
        // The timeline (and the journey's history) hold the person's id only; staff get it from the API, the holder sees "staff".
        using (var forStaff = await Site.GetAsync("/api/dossiers/" + first.Id, staffKey: true))
        {
            Assert.Equal("staff:instruction", ActorOf(await forStaff.Content.ReadAsStringAsync(), "validation:eligible"));
        }

        Assert.Equal("staff", ActorOf((await Site.GetDossierAsync(first)).GetRawText(), "validation:eligible"));

        // The mailed link of the same step now says it was decided, and by whom; posting it does nothing more.
        var (status, text) = await Site.GetPageAsync(request.ActionLink(AmiSite.PublicBaseUrl));
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("Claire Durand", text, StringComparison.Ordinal);
        Assert.Single(await Site.MailsToAsync(Holder), m => m.Kind == "eligible" && m.DossierId == first.Id);
    }

    [Fact]
    public async Task List_WithAbsurdFilters_Answers400NamingEachField()
    {
        var campaignId = NewId("gestion");
        await Site.PostCampaignAsync(InSeconds(campaignId, DateTimeOffset.UtcNow.AddDays(1)));
        using var staff = new StaffHttp(browser.BaseUrl);
        await staff.SignInAsync("admin");
        var path = $"/gestion/campagnes/{campaignId}/dossiers";
        const string absurd = "?statut=perdu&departement=999&montantMin=abc&montantMax=-3&parPage=100000";

        using (var json = new HttpRequestMessage(HttpMethod.Get, path + ".csv" + absurd))
        {
            using var response = await staff.Http.SendAsync(json);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("invalid-query", problem.RootElement.GetProperty("code").GetString());
            Assert.Equal(["statut", "departement", "montantMin", "montantMax", "parPage"], problem.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        }

        var page = await browser.NewPageAsync();
        await SignInAsync(page, "admin");
        var answer = await page.GotoAsync(new Uri(browser.BaseUrl, path + absurd).AbsoluteUri);
        Assert.Equal(400, answer!.Status);
        Assert.Equal(5, await page.Locator(".resume-erreurs li").CountAsync());
        Assert.Contains("Département : Département attendu sur deux caractères", await page.InnerTextAsync(".resume-erreurs"), StringComparison.Ordinal);
        await browser.CheckAsync(page, "gestion-dossiers-filtres-absurdes");
    }

    [Fact]
    public async Task Decision_ByARoleWithoutTheRight_Is403AndNothingIsDecided()
    {
        var campaignId = NewId("gestion");
        await Site.PostCampaignAsync(InSeconds(campaignId, DateTimeOffset.UtcNow.AddDays(1)));
        var filed = await Site.SubmitSampleAsync(campaignId);
        await Site.WaitForMailAsync(Staff, "validation-request", filed.Id);

        // Finance may read the dossier, not decide it: the page offers no form, and a forged POST is refused.
        using var finance = new StaffHttp(browser.BaseUrl);
        await finance.SignInAsync("finance");
        var html = await finance.Http.GetStringAsync("/gestion/dossiers/" + filed.Id);
        Assert.Contains("vos rôles ne le permettent pas", html, StringComparison.Ordinal);
        using var post = await finance.Http.PostAsync($"/gestion/dossiers/{filed.Id}/decision", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["jeton"] = StaffHttp.FormToken(html),
            ["step"] = "validation",
            ["attempt"] = "1",
            ["decision"] = "eligible",
        }));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Contains("Accès refusé", await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var page = await browser.NewPageAsync();
        await SignInAsync(page, "finance");
        await page.GotoAsync(new Uri(browser.BaseUrl, "/gestion/dossiers/" + filed.Id).AbsoluteUri);
        await browser.CheckAsync(page, "gestion-dossier-finances");
        Assert.Equal("submitted", (await Site.GetDossierAsync(filed)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Zip_OfADossiersFiles_HasEverySafeFileWithItsHash_AndTheSummary()
    {
        var campaignId = NewId("gestion");
        await Site.PostCampaignAsync(InSeconds(campaignId, DateTimeOffset.UtcNow.AddDays(1)));
        var filed = await Site.SubmitSampleAsync(campaignId);
        var view = await Eventually.GetAsync("the files to be scanned safe", async () =>
        {
            var v = await Site.GetDossierAsync(filed);
            var scans = v.GetProperty("attachments").EnumerateArray().Select(a => a.GetProperty("scan").GetString()).ToList();
            return (scans.All(s => s == "safe"), v, string.Join(", ", scans));
        }, TimeSpan.FromSeconds(90), Site.OutputTail);
        var expected = view.GetProperty("attachments").EnumerateArray()
            .ToDictionary(a => a.GetProperty("kind").GetString() + "/" + a.GetProperty("name").GetString(), a => a.GetProperty("sha256").GetString());

        var page = await browser.NewPageAsync();
        await SignInAsync(page, "instruction");
        await page.GotoAsync(new Uri(browser.BaseUrl, "/gestion/dossiers/" + filed.Id).AbsoluteUri);
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("text=Télécharger les pièces saines en ZIP"));
        Assert.Equal(filed.Reference + ".zip", download.SuggestedFilename);

        using var zip = System.IO.Compression.ZipFile.OpenRead((await download.PathAsync())!);
        Assert.Equal([.. expected.Keys.Append("sommaire.csv").Order(StringComparer.Ordinal)], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        foreach (var (name, sha256) in expected)
        {
            await using var entry = zip.GetEntry(name)!.Open();
            Assert.Equal(sha256, Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(entry)));
        }

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(TestFiles.RepositoryRoot, "samples", "statuts.pdf")))), expected["statutes/statuts.pdf"]);
        using var summary = new StreamReader(zip.GetEntry("sommaire.csv")!.Open());
        var lines = (await summary.ReadToEndAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("fichier;nom déposé;nature;taille (octets);sha256;antivirus", lines[0]);
        Assert.Equal(expected.Count + 1, lines.Length);

        // Without a session: the sign-in, no file.
        using var anonymous = new StaffHttp(browser.BaseUrl);
        using var refused = await anonymous.Http.GetAsync($"/gestion/dossiers/{filed.Id}/fichiers.zip");
        Assert.Equal(HttpStatusCode.SeeOther, refused.StatusCode);
    }

    private static string? ActorOf(string dossierJson, string evt)
    {
        using var document = JsonDocument.Parse(dossierJson);
        var entry = document.RootElement.GetProperty("timeline").EnumerateArray().Single(e => e.GetProperty("event").GetString() == evt);
        return entry.TryGetProperty("actor", out var actor) ? actor.GetString() : null;
    }

    private async Task SignInAsync(IPage page, string account)
    {
        await page.GotoAsync(new Uri(browser.BaseUrl, "/connexion").AbsoluteUri);
        await page.CheckAsync("#compte-" + account);
        await page.FillAsync("#cle", LocalHostProcess.TestStaffKey);
        await page.ClickAsync("button[type=submit]");
        Assert.EndsWith("/gestion", page.Url, StringComparison.Ordinal);
    }
}
