using System.Net;
using Ami.LocalHost.Tests.EndToEnd;
using Ami.Testing;
using Microsoft.Playwright;
using static Ami.LocalHost.Tests.EndToEnd.TestCampaigns;

namespace Ami.LocalHost.Tests.Browser;

/// <summary>
/// The campaign's dashboard in Chromium: counts by status, the dossiers waiting for instruction and since when, the
/// late filing attempts; an admin moves the deadline to the past from the page and the waiting journey moves on (the
/// jurors are invited); a role without the right cannot. axe-core on every page.
/// </summary>
public sealed class StaffCampaignBrowserTests(BrowserSite browser) : IClassFixture<BrowserSite>
{
    private AmiSite Site => browser.Site;

    [Fact]
    public async Task Dashboard_CountsAndWaits_ThenTheDeadlineMovedFromThePage_TheWaitingJourneyMovesOn()
    {
        var campaignId = NewId("tableau");
        await Site.PostCampaignAsync(InSeconds(campaignId, DateTimeOffset.UtcNow.AddDays(1)));
        var eligible = await Site.SubmitSampleAsync(campaignId);
        var waiting = await Site.SubmitSampleAsync(campaignId);
        await Site.ActOnAsync(await Site.WaitForMailAsync(Staff, "validation-request", eligible.Id), new Dictionary<string, string> { ["decision"] = "eligible" });
        await Site.WaitForMailAsync(Holder, "eligible", eligible.Id);

        var page = await browser.NewPageAsync();
        await SignInAsync(page, "admin");

        // The journey now waits for the call to close (the dossier page says so): only then can a change reach it.
        await Eventually.GetAsync("the eligible dossier's journey to wait for the close", async () =>
        {
            await page.GotoAsync(new Uri(browser.BaseUrl, "/gestion/dossiers/" + eligible.Id).AbsoluteUri);
            var text = await page.InnerTextAsync("main");
            return (text.Contains("Le parcours attend : la clôture de l'appel", StringComparison.Ordinal), true, text);
        });

        await page.GotoAsync(new Uri(browser.BaseUrl, "/gestion/campagnes/" + campaignId).AbsoluteUri);
        var counts = await page.InnerTextAsync("#comptes ~ ul");
        Assert.Contains("1\ndéposé", counts, StringComparison.Ordinal);
        Assert.Contains("1\néligible", counts, StringComparison.Ordinal);
        var toValidate = await page.InnerTextAsync("#attentes ~ table");
        Assert.Contains(waiting.Reference, toValidate, StringComparison.Ordinal);
        Assert.DoesNotContain(eligible.Reference, toValidate, StringComparison.Ordinal);
        Assert.Contains("aujourd'hui", toValidate, StringComparison.Ordinal);
        await browser.CheckAsync(page, "gestion-tableau-de-bord");

        // A bad address: every error, nothing saved.
        await page.FillAsync("#juryPresident", "pas-une-adresse");
        await page.ClickAsync("button:has-text('Enregistrer la campagne')");
        Assert.Equal(1, await page.Locator(".resume-erreurs li").CountAsync());
        await browser.CheckAsync(page, "gestion-campagne-erreurs");

        // The deadline moved to a minute ago: the waiting journey closes and the jurors are invited.
        await page.FillAsync("#juryPresident", President);
        var past = Ami.Domain.Campaigns.ParisTime.ToParis(DateTimeOffset.UtcNow.AddMinutes(-2));
        await page.FillAsync("#deadline", past.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await page.ClickAsync("button:has-text('Enregistrer la campagne')");
        Assert.Contains("Campagne enregistrée", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await Site.WaitForMailAsync(Juror1, "jury-invitation", eligible.Id, TimeSpan.FromSeconds(90));
        await Site.WaitForStatusAsync(eligible, "jury");

        // A filing now is late: refused, and the attempt shows on the dashboard.
        var (status, _, _, _) = await Site.SubmitAsync(campaignId, Multipart.Valid());
        Assert.Equal(HttpStatusCode.Conflict, status);
        // The dashboard may lag storage by up to 2 s (its list index looks again at most that often): reload until it shows.
        await Eventually.GetAsync("the dashboard to show the dossier in jury and the late attempt", async () =>
        {
            await page.GotoAsync(new Uri(browser.BaseUrl, "/gestion/campagnes/" + campaignId).AbsoluteUri);
            var main = await page.InnerTextAsync("main");
            return (main.Contains("1\nexamen par le jury", StringComparison.Ordinal) && main.Contains("Dépôts tentés après la clôture (1)", StringComparison.Ordinal), true, main);
        });
        Assert.Contains("Association Les Jardins Partagés", await page.InnerTextAsync("#tardifs ~ table"), StringComparison.Ordinal);
        await browser.CheckAsync(page, "gestion-tableau-de-bord-apres-cloture");
    }

    [Fact]
    public async Task CampaignChange_ByARoleWithoutTheRight_Is403_AndTheFormIsNotOffered()
    {
        var campaignId = NewId("tableau");
        await Site.PostCampaignAsync(InSeconds(campaignId, DateTimeOffset.UtcNow.AddDays(1)));
        using var staff = new StaffHttp(browser.BaseUrl);
        await staff.SignInAsync("instruction");
        var html = await staff.Http.GetStringAsync("/gestion/campagnes/" + campaignId);
        Assert.Contains("Le rôle « administration » modifie la clôture", html, StringComparison.Ordinal);

        using var post = await staff.Http.PostAsync("/gestion/campagnes/" + campaignId, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["jeton"] = StaffHttp.FormToken(html),
            ["deadline"] = "2015-01-01T00:00",
            ["staff"] = Staff,
            ["jurors"] = Juror1,
            ["juryPresident"] = President,
            ["cpSecretariat"] = CpSecretariat,
            ["finance"] = Finance,
        }));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Contains("Accès refusé", await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var campaign = await Site.GetAsync("/api/campaigns/" + campaignId, staffKey: true);
        Assert.DoesNotContain("2015-01-01", await campaign.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var page = await browser.NewPageAsync();
        await SignInAsync(page, "instruction");
        await page.GotoAsync(new Uri(browser.BaseUrl, "/gestion/campagnes/" + campaignId).AbsoluteUri);
        await browser.CheckAsync(page, "gestion-tableau-de-bord-instruction");
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
