using System.Diagnostics;
using System.Net;
using Ami.LocalHost.Tests.Browser;
using Ami.LocalHost.Tests.EndToEnd;
using Ami.Workflow.Links;
using Xunit.Abstractions;
using static Ami.LocalHost.Tests.EndToEnd.TestCampaigns;

namespace Ami.LocalHost.Tests.Workspaces;

/// <summary>
/// The jury president's page in Chromium: the campaign's ranking, then the opinions of every dossier at once. One
/// invalid amount: the row's error is shown next to it and in the summary, and nothing is recorded; corrected, every
/// opinion is recorded once, and the same page posted again has no second effect. Opinions in progress are saved
/// (« Enregistrer ») and found again from the link, and count only once transmitted. The ranking fits the page at
/// 1 280 px, and stays readable on a phone. A president's link opens no CP page. axe-core on every page.
/// </summary>
public sealed class PresidentOpinionsBrowserTests(BrowserSite browser, ITestOutputHelper output) : IClassFixture<BrowserSite>
{
    private AmiSite Site => browser.Site;

    [Fact]
    public async Task President_SubmitsWithOneAmountAboveTheRequest_RowErrorAndNothingRecorded_ThenCorrected_EachOpinionRecordedOnce()
    {
        var watch = Stopwatch.StartNew();
        var (campaignId, dossiers) = await WorkspaceWalk.ToJuryOpinionAsync(Site, 3);
        output.WriteLine($"3 dossiers at the jury's opinion in {watch.Elapsed.TotalSeconds:0.0} s");
        var token = WorkspaceWalk.Token(campaignId, WorkspaceRole.President);
        var path = "/jury/avis/" + Uri.EscapeDataString(token);

        var page = await browser.NewPageAsync();
        var opened = await page.GotoAsync(new Uri(browser.BaseUrl, path).AbsoluteUri);
        Assert.Equal(200, opened!.Status);
        Assert.StartsWith("Avis du jury", await page.InnerTextAsync("h1"), StringComparison.Ordinal);

        // The ranking: the three dossiers, the best first; the last one has a juror in conflict (1 conflict, 2 grids).
        var ranking = page.Locator("table tbody tr");
        Assert.Equal(3, await ranking.CountAsync());
        Assert.Contains("/ 36", await ranking.First.InnerTextAsync(), StringComparison.Ordinal);
        var last = page.Locator("table tbody tr", new() { HasText = dossiers[2].Reference });
        Assert.EndsWith("2\t1", (await last.InnerTextAsync()).TrimEnd(), StringComparison.Ordinal);
        Assert.Equal(3, await page.Locator("form fieldset.ligne").CountAsync());

        // The whole ranking is in view at 1 280 px: no cell past the table's region, nor the region past the page.
        var wide = await RankingOverflowAsync(page);
        Assert.True(wide.Overflowing.Length == 0, $"at 1280 px, past the ranking's region ({wide.Region}): {string.Join(" | ", wide.Overflowing)}");
        Assert.True(wide.PageWidth <= 1280, $"the page is {wide.PageWidth} px wide at 1280 px");
        await browser.CheckAsync(page, "jury-avis");

        // On a phone: the page itself does not scroll sideways; the ranking's region may, from the keyboard, and is named.
        var phone = await browser.NewPageAsync(phone: true);
        await phone.GotoAsync(new Uri(browser.BaseUrl, path).AbsoluteUri);
        var narrow = await RankingOverflowAsync(phone);
        Assert.True(narrow.PageWidth <= 390, $"the page is {narrow.PageWidth} px wide at 390 px");
        var region = phone.Locator("[role=region][aria-labelledby=classement]");
        Assert.Equal("0", await region.GetAttributeAsync("tabindex"));
        Assert.Equal("Classement", await phone.InnerTextAsync("#classement"));
        Assert.Contains(dossiers[2].Reference, await region.InnerTextAsync(), StringComparison.Ordinal);
        await browser.CheckAsync(phone, "jury-avis-telephone");

        // One sitting: the second amount is above the 30 000 € requested.
        await FillAsync(page, 0, "favourable", "28 333,33", "Le jury salue l'implication des habitants.");
        await FillAsync(page, 1, "favourable", "35 000", "Projet solide, budget à préciser.");
        await FillAsync(page, 2, "unfavourable", "0", "Le projet ne répond pas assez aux critères de l'annexe 1.");
        await page.ClickAsync("button:has-text('Transmettre les avis')");

        Assert.Contains("Les avis n'ont pas été enregistrés : 1 erreur à corriger", await page.InnerTextAsync(".resume-erreurs"), StringComparison.Ordinal);
        Assert.Contains("Dossier " + dossiers[1].Reference, await page.InnerTextAsync(".resume-erreurs"), StringComparison.Ordinal);
        Assert.Equal("true", await page.GetAttributeAsync("#r1-montant", "aria-invalid"));
        Assert.Contains("r1-montant-erreur", await page.GetAttributeAsync("#r1-montant", "aria-describedby") ?? "", StringComparison.Ordinal);
        Assert.Null(await page.GetAttributeAsync("#r0-montant", "aria-invalid"));
        Assert.Equal("28 333,33", await page.InputValueAsync("#r0-montant"));
        await browser.CheckAsync(page, "jury-avis-erreur");

        // Nothing recorded: every journey still waits for the jury's opinion.
        foreach (var d in dossiers)
        {
            var (status, events) = await WorkspaceWalk.StateAsync(Site, d);
            Assert.Equal("jury", status);
            Assert.DoesNotContain(events, e => e.StartsWith("jury-opinion", StringComparison.Ordinal));
        }

        // What was typed is not lost: the link, opened again, shows it (the wrong amount too, to be corrected).
        await page.GotoAsync(new Uri(browser.BaseUrl, path).AbsoluteUri);
        Assert.Equal("28 333,33", await page.InputValueAsync("#r0-montant"));
        Assert.Equal("35 000", await page.InputValueAsync("#r1-montant"));
        Assert.Equal("Le projet ne répond pas assez aux critères de l'annexe 1.", await page.InputValueAsync("#r2-motifs"));

        // Corrected: every opinion is recorded.
        await page.FillAsync("#r1-montant", "25 000");
        await page.ClickAsync("button:has-text('Transmettre les avis')");
        Assert.Equal("Avis enregistrés", await page.InnerTextAsync("h1"));
        Assert.Contains("3 avis enregistrés", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await browser.CheckAsync(page, "jury-avis-enregistres");

        foreach (var d in dossiers)
        {
            await Site.WaitForStatusAsync(d, "cp");
            await Site.WaitForMailAsync(CpSecretariat, "cp-decision-request", d.Id);
        }

        // The same page posted again (a double click, the back button): "Déjà enregistré", no second effect.
        var again = await WorkspaceWalk.PostAsync(Site, path, dossiers.SelectMany((d, i) => new Dictionary<string, string>
        {
            [$"r{i}.id"] = d.Id, [$"r{i}.decision"] = "favourable", [$"r{i}.montant"] = "20000", [$"r{i}.conclusions"] = "Autre avis.",
        }));
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Contains("Déjà enregistré", again.Text, StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(2));
        foreach (var d in dossiers)
        {
            var (status, events) = await WorkspaceWalk.StateAsync(Site, d);
            Assert.Equal("cp", status);
            Assert.Single(events, e => e.StartsWith("jury-opinion", StringComparison.Ordinal));
            Assert.Single(await Site.MailsToAsync(CpSecretariat), m => m.Kind == "cp-decision-request" && m.DossierId == d.Id);
        }

        Assert.Equal(["jury-opinion:favourable", "jury-opinion:favourable", "jury-opinion:unfavourable"],
            await Task.WhenAll(dossiers.Select(async d => (await WorkspaceWalk.StateAsync(Site, d)).Events.Single(e => e.StartsWith("jury-opinion", StringComparison.Ordinal)))));

        // The mailed per-dossier link of the same step now says the step is decided: it cannot count a second time.
        var mailed = await Site.WaitForMailAsync(President, "jury-opinion-request", dossiers[0].Id);
        Assert.Equal(HttpStatusCode.Conflict, (await Site.GetPageAsync(mailed.ActionLink(AmiSite.PublicBaseUrl))).Status);

        // The page now has nothing left to decide.
        await page.GotoAsync(new Uri(browser.BaseUrl, path).AbsoluteUri);
        Assert.Contains("Aucun dossier n'attend l'avis du jury.", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        output.WriteLine($"done in {watch.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task President_SavesOpinionsInProgress_FindsThemFromTheLink_AndOnlyTransmittingRecords()
    {
        var (campaignId, dossiers) = await WorkspaceWalk.ToJuryOpinionAsync(Site, 2);
        var path = "/jury/avis/" + Uri.EscapeDataString(WorkspaceWalk.Token(campaignId, WorkspaceRole.President));
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(browser.BaseUrl, path).AbsoluteUri);

        // The first row complete, the second only its amount: saved, not transmitted.
        await FillAsync(page, 0, "favourable", "28 333,33", "Le jury salue l'implication des habitants.");
        await page.FillAsync("#r1-montant", "12 000");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Enregistrer", Exact = true }).ClickAsync();
        Assert.StartsWith("Avis du jury", await page.InnerTextAsync("h1"), StringComparison.Ordinal);
        var notice = await page.InnerTextAsync("[role=status]");
        Assert.Contains("Avis en cours enregistrés", notice, StringComparison.Ordinal);
        Assert.Contains("pas transmis", notice, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator(".resume-erreurs").CountAsync());
        await browser.CheckAsync(page, "jury-avis-en-cours");
        await BrowserSite.DocScreenshotAsync(page, "jury-avis");

        // Nothing recorded by the save.
        await Task.Delay(TimeSpan.FromSeconds(1));
        foreach (var d in dossiers)
        {
            var (status, events) = await WorkspaceWalk.StateAsync(Site, d);
            Assert.Equal("jury", status);
            Assert.DoesNotContain(events, e => e.StartsWith("jury-opinion", StringComparison.Ordinal));
        }

        // Later, from the link again (another browser): what was saved is there.
        var later = await browser.NewPageAsync();
        await later.GotoAsync(new Uri(browser.BaseUrl, path).AbsoluteUri);
        Assert.True(await later.IsCheckedAsync("#r0-decision"));
        Assert.Equal("28 333,33", await later.InputValueAsync("#r0-montant"));
        Assert.Equal("Le jury salue l'implication des habitants.", await later.InputValueAsync("#r0-motifs"));
        Assert.False(await later.IsCheckedAsync("#r1-decision"));
        Assert.False(await later.IsCheckedAsync("#r1-decision-defavorable"));
        Assert.Equal("12 000", await later.InputValueAsync("#r1-montant"));
        Assert.Equal("", await later.InputValueAsync("#r1-motifs"));
        Assert.Contains("pas transmis", await later.InnerTextAsync("[role=status]"), StringComparison.Ordinal);

        // Completed and transmitted: recorded, once each.
        await FillAsync(later, 1, "unfavourable", "0", "Le projet ne répond pas assez aux critères de l'annexe 1.");
        await later.ClickAsync("button:has-text('Transmettre les avis')");
        Assert.Equal("Avis enregistrés", await later.InnerTextAsync("h1"));
        Assert.Contains("2 avis enregistrés", await later.InnerTextAsync("main"), StringComparison.Ordinal);
        foreach (var d in dossiers)
        {
            await Site.WaitForStatusAsync(d, "cp");
        }

        Assert.Equal(["jury-opinion:favourable", "jury-opinion:unfavourable"],
            await Task.WhenAll(dossiers.Select(async d => (await WorkspaceWalk.StateAsync(Site, d)).Events.Single(e => e.StartsWith("jury-opinion", StringComparison.Ordinal)))));
    }

    [Fact]
    public async Task Links_OfAnotherRole_OrAltered_OpenNothing()
    {
        var campaignId = NewId("espace");
        await Site.PostCampaignAsync(InSeconds(campaignId, DateTimeOffset.UtcNow.AddDays(1)));
        var president = WorkspaceWalk.Token(campaignId, WorkspaceRole.President);
        var cp = WorkspaceWalk.Token(campaignId, WorkspaceRole.CpSecretariat);

        var page = await browser.NewPageAsync();
        var onCommission = await page.GotoAsync(new Uri(browser.BaseUrl, "/commission/" + Uri.EscapeDataString(president)).AbsoluteUri);
        Assert.Equal(404, onCommission!.Status);
        Assert.Equal("Lien non valable", await page.InnerTextAsync("h1"));
        await browser.CheckAsync(page, "commission-lien-president");

        using var cpOnOpinions = await Site.GetAsync("/jury/avis/" + Uri.EscapeDataString(cp));
        Assert.Equal(HttpStatusCode.NotFound, cpOnOpinions.StatusCode);
        using var altered = await Site.GetAsync("/jury/avis/" + Uri.EscapeDataString(president[..^2] + "xx"));
        Assert.Equal(HttpStatusCode.NotFound, altered.StatusCode);
        var posted = await WorkspaceWalk.PostAsync(Site, "/commission/" + Uri.EscapeDataString(president) + "/seances", [new("date", "2026-12-01")]);
        Assert.Equal(HttpStatusCode.NotFound, posted.Status);

        var expired = WorkspaceWalk.Links.Sign(new WorkspaceGrant(campaignId, WorkspaceRole.President), DateTimeOffset.UtcNow.AddMinutes(-1));
        var gone = await page.GotoAsync(new Uri(browser.BaseUrl, "/jury/avis/" + Uri.EscapeDataString(expired)).AbsoluteUri);
        Assert.Equal(410, gone!.Status);
        Assert.Equal("Ce lien a expiré", await page.InnerTextAsync("h1"));
        await browser.CheckAsync(page, "jury-avis-lien-expire");

        // A form posted from another site (its Origin) is refused, whatever the token.
        using (var forged = new HttpRequestMessage(HttpMethod.Post, new Uri("/jury/avis/" + Uri.EscapeDataString(president), UriKind.Relative)) { Content = new FormUrlEncodedContent([new("r0.id", "x")]) })
        {
            forged.Headers.Add("Origin", "https://autre-site.example");
            using var refused = await Site.Process.Http.SendAsync(forged);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using var ownPage = await Site.GetAsync("/commission/" + Uri.EscapeDataString(cp));
        Assert.Equal(HttpStatusCode.OK, ownPage.StatusCode);
    }

    /// <summary>The ranking's cells that reach past its region (or the window), and the page's own width.</summary>
    private static async Task<(string[] Overflowing, string Region, int PageWidth)> RankingOverflowAsync(Microsoft.Playwright.IPage page)
    {
        var json = await page.EvaluateAsync<string>("""
            () => {
              const region = document.querySelector('[role=region][aria-labelledby=classement]');
              const box = region.getBoundingClientRect();
              const right = Math.min(box.right, window.innerWidth);
              const past = [...region.querySelectorAll('table, tr, th, td')]
                .filter(e => { const r = e.getBoundingClientRect(); return r.right > right + 0.5 || r.left < box.left - 0.5; })
                .map(e => e.tagName + ' « ' + e.textContent.trim().slice(0, 24) + ' » ' + Math.round(e.getBoundingClientRect().left) + '–' + Math.round(e.getBoundingClientRect().right));
              return JSON.stringify({ past, region: Math.round(box.left) + '–' + Math.round(box.right) + ', scroll ' + region.scrollWidth + '/' + region.clientWidth, page: document.documentElement.scrollWidth });
            }
            """);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var root = doc.RootElement;
        return ([.. root.GetProperty("past").EnumerateArray().Select(e => e.GetString()!)], root.GetProperty("region").GetString()!, root.GetProperty("page").GetInt32());
    }

    private static async Task FillAsync(Microsoft.Playwright.IPage page, int row, string decision, string amount, string conclusions)
    {
        await page.CheckAsync(decision == "favourable" ? $"#r{row}-decision" : $"#r{row}-decision-defavorable");
        await page.FillAsync($"#r{row}-montant", amount);
        await page.FillAsync($"#r{row}-motifs", conclusions);
    }
}
