using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ami.LocalHost.Tests.EndToEnd;
using Ami.Testing;
using Microsoft.Playwright;
using static Ami.LocalHost.Tests.EndToEnd.TestCampaigns;

namespace Ami.LocalHost.Tests.Browser;

/// <summary>
/// "Enregistrer le brouillon" in headless Chromium: the draft kept server-side and its personal link mailed, the form
/// brought back from that link, then filed; a draft is not a dossier; staff count the drafts.
/// </summary>
public sealed class DraftsBrowserTests(BrowserSite browser) : IClassFixture<BrowserSite>
{
    private AmiSite Site => browser.Site;

    [Fact]
    public async Task Draft_SavedThenResumedFromItsMailedLink_IsNoDossierUntilFiled_AndStaffCountIt()
    {
        var campaignId = NewId("brouillon");
        await Site.PostCampaignAsync(InSeconds(campaignId, DateTimeOffset.UtcNow.AddDays(1)));
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(browser.BaseUrl, "/deposer/" + campaignId).AbsoluteUri);

        // A first sitting: a few fields and a file, then "Enregistrer le brouillon".
        await page.FillAsync("#holder-name", "Association Les Jardins Partagés");
        await page.FillAsync("#action-title", "Des jardins partagés au pied des immeubles");
        await page.FillAsync("#partners-0-name", "Université de Bordeaux");
        await page.FillAsync("#budget-requestedAmount", "30 000");
        await page.SetInputFilesAsync("#statutes", new FilePayload { Name = "statuts.pdf", MimeType = "application/pdf", Buffer = TestFiles.StatutesPdf });

        // Without a contact address there is nowhere to send its link: the error next to the field, nothing kept.
        await page.ClickAsync("button[name=intent][value=brouillon]");
        Assert.Contains("Le brouillon n'a pas été enregistré", await page.InnerTextAsync(".resume-erreurs"), StringComparison.Ordinal);
        Assert.Equal("true", await page.GetAttributeAsync("#contact-email", "aria-invalid"));
        Assert.Equal("Des jardins partagés au pied des immeubles", await page.InputValueAsync("#action-title"));
        await browser.CheckAsync(page, "brouillon-erreur");
        Assert.Equal(0, await DraftCountAsync(campaignId, "unfinished"));

        await page.FillAsync("#contact-email", Holder);
        var sent = await page.EvalOnSelectorAsync<Dictionary<string, string>>("form[method=post]", "f => Object.fromEntries([...new FormData(f)].filter(([, v]) => typeof v === 'string'))");
        await page.ClickAsync("button[name=intent][value=brouillon]");
        Assert.Equal("Brouillon enregistré", await page.InnerTextAsync("h1"));
        var saved = await page.InnerTextAsync("main");
        Assert.Contains(Holder, saved, StringComparison.Ordinal);
        Assert.Contains("Les fichiers ne sont pas conservés", saved, StringComparison.Ordinal);
        Assert.Contains("Un brouillon n'est pas un dossier", saved, StringComparison.Ordinal);
        await browser.CheckAsync(page, "brouillon-enregistre");

        // The same form saved again (a double click, the back button): the same draft, not mailed again.
        using (var http = new HttpClient())
        using (var resave = new MultipartFormDataContent())
        {
            foreach (var (name, value) in sent.Append(new("intent", "brouillon")))
            {
                resave.Add(new StringContent(value), name);
            }

            using var replay = await http.PostAsync(new Uri(browser.BaseUrl, "/deposer/" + campaignId), resave);
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
            Assert.Contains("Brouillon enregistré", WebUtility.HtmlDecode(await replay.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        // A draft is not a dossier: no reference, no journey; staff see one unfinished draft.
        Assert.Empty(await Site.ListDossierIdsAsync(campaignId));
        Assert.Equal(1, await DraftCountAsync(campaignId, "unfinished"));
        using (var staff = new StaffHttp(browser.BaseUrl))
        {
            await staff.SignInAsync("instruction");
            var dashboard = WebUtility.HtmlDecode(await staff.Http.GetStringAsync("/gestion/campagnes/" + campaignId));
            Assert.Contains("Brouillons non déposés : <strong>1</strong> (brouillons devenus dossiers : 0)", dashboard, StringComparison.Ordinal);
        }


        // The mailed personal link brings the form back, prefilled.
        var mail = await Site.WaitForMailAsync(Holder, "draft-link", null);
        Assert.Single(await Site.MailsToAsync(Holder), m => m.Kind == "draft-link");
        var link = Regex.Match(mail.Text ?? "", Regex.Escape(AmiSite.PublicBaseUrl) + @"/brouillon/[A-Za-z0-9_~.%-]+");
        Assert.True(link.Success, mail.Text);
        var resumed = await browser.NewPageAsync();
        await resumed.GotoAsync(browser.Local(new Uri(link.Value)));
        Assert.Equal("Déposer un dossier", await resumed.InnerTextAsync("h1"));
        Assert.Contains("Votre brouillon est repris", await resumed.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Equal("Des jardins partagés au pied des immeubles", await resumed.InputValueAsync("#action-title"));
        Assert.Equal("Université de Bordeaux", await resumed.InputValueAsync("#partners-0-name"));
        Assert.Equal(Holder, await resumed.InputValueAsync("#contact-email"));
        await browser.CheckAsync(resumed, "brouillon-repris");

        // Completed and filed from the draft, before the deadline: a dossier with its reference and journey.
        await FilingBrowserTests.FillSampleAsync(resumed, partners: true);
        await resumed.SetInputFilesAsync("#statutes", new FilePayload { Name = "statuts.pdf", MimeType = "application/pdf", Buffer = TestFiles.StatutesPdf });
        await resumed.SetInputFilesAsync("#annual-accounts", new FilePayload { Name = "comptes.pdf", MimeType = "application/pdf", Buffer = TestFiles.AccountsPdf });
        await resumed.ClickAsync("form button[type=submit]:not([name])");
        Assert.Equal("Dossier déposé", await resumed.InnerTextAsync("h1"));
        var id = Assert.Single(await Site.ListDossierIdsAsync(campaignId));
        await Site.WaitForMailAsync(Holder, "receipt", id);
        Assert.Equal(0, await DraftCountAsync(campaignId, "unfinished"));
        Assert.Equal(1, await DraftCountAsync(campaignId, "filed"));

        // The draft's link now says it was filed, and names the reference.
        var again = await browser.NewPageAsync();
        var answer = await again.GotoAsync(browser.Local(new Uri(link.Value)));
        Assert.Equal(409, answer!.Status);
        Assert.Equal("Brouillon déjà déposé", await again.InnerTextAsync("h1"));
        Assert.Contains($"{campaignId.ToUpperInvariant()}-0001", await again.InnerTextAsync("main"), StringComparison.Ordinal);
        await browser.CheckAsync(again, "brouillon-deja-depose");

        // A forged draft link opens nothing.
        var forged = link.Value[..^3] + (link.Value[^3..] == "AAA" ? "BBB" : "AAA");
        var bad = await again.GotoAsync(browser.Local(new Uri(forged)));
        Assert.Equal(404, bad!.Status);
        Assert.Equal("Lien non valable", await again.InnerTextAsync("h1"));
    }

    /// <summary>The staff's campaign JSON: its count of drafts (<c>unfinished</c> or <c>filed</c>).</summary>
    private async Task<int> DraftCountAsync(string campaignId, string which)
    {
        using var response = await Site.GetAsync("/api/campaigns/" + campaignId, staffKey: true);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("drafts").GetProperty(which).GetInt32();
    }
}
