using System.Net;
using Ami.LocalHost.Tests.EndToEnd;
using Ami.Testing;
using Ami.Workflow.Configuration;
using Ami.Workflow.Links;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using static Ami.LocalHost.Tests.EndToEnd.TestCampaigns;

namespace Ami.LocalHost.Tests.Browser;

/// <summary>
/// "Mon dossier" when the staff ask for changes (the holder answers on the page, the journey moves on), and the
/// holder's own files through short-lived download links; in headless Chromium with axe-core on every page.
/// </summary>
public sealed class ChangesAndFilesBrowserTests(BrowserSite browser) : IClassFixture<BrowserSite>
{
    private const string Asked = "Précisez le rôle de l'université et corrigez le titre de l'action.";

    private AmiSite Site => browser.Site;

    [Fact]
    public async Task ChangeRequest_AnsweredOnTheDossierPage_WithErrorsNextToFields_ThenOnce_AndTheJourneyMovesOn()
    {
        var campaignId = NewId("changes");
        await Site.PostCampaignAsync(InSeconds(campaignId, DateTimeOffset.UtcNow.AddDays(1)));
        var dossier = await Site.SubmitSampleAsync(campaignId);

        // The staff ask for changes through their mailed action link.
        var request = await Site.WaitForMailAsync(Staff, "validation-request", dossier.Id);
        await Site.ActOnAsync(request, new Dictionary<string, string> { ["decision"] = "changes-requested", ["comment"] = Asked });
        var mail = await Site.WaitForMailAsync(Holder, "changes-requested", dossier.Id);

        // "Mon dossier" shows the request and leads to the form.
        var page = await browser.NewPageAsync();
        await page.GotoAsync(browser.Local(BrowserSite.PersonalLink(mail)));
        var text = await page.InnerTextAsync("main");
        Assert.Contains("Statut : compléments demandés", text, StringComparison.Ordinal);
        Assert.Contains(Asked, text, StringComparison.Ordinal);
        await browser.CheckAsync(page, "mon-dossier-complements-demandes");
        await page.ClickAsync("a.bouton:has-text('Compléter mon dossier')");

        // The form, prefilled with what was filed; the filed files listed and kept.
        Assert.Equal("Compléter mon dossier " + dossier.Reference, await page.InnerTextAsync("h1"));
        Assert.Contains(Asked, await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Equal("Association Les Jardins Partagés", await page.InputValueAsync("#holder-name"));
        Assert.Equal("33000", await page.InputValueAsync("#holder-address-postalCode"));
        Assert.Equal("Des jardins partagés au pied des immeubles", await page.InputValueAsync("#action-title"));
        Assert.Equal("30 000,00", await page.InputValueAsync("#budget-requestedAmount"));
        Assert.Equal("territorial", await page.InputValueAsync("#action-category"));
        Assert.Contains("statuts.pdf", await page.InnerTextAsync(".pieces-conservees"), StringComparison.Ordinal);
        await browser.CheckAsync(page, "complements-formulaire");

        // A bad postcode: the error next to its field, what was typed kept, nothing replaced.
        await page.FillAsync("#action-title", "Des jardins partagés dans trois quartiers");
        await page.FillAsync("#holder-address-postalCode", "3300");
        await page.ClickAsync("form button[type=submit]");
        Assert.Contains("Le dossier n'a pas été envoyé", await page.InnerTextAsync(".resume-erreurs"), StringComparison.Ordinal);
        Assert.Equal("true", await page.GetAttributeAsync("#holder-address-postalCode", "aria-invalid"));
        Assert.True(await page.Locator("#holder-address-postalCode-erreur").CountAsync() == 1);
        Assert.Equal("Des jardins partagés dans trois quartiers", await page.InputValueAsync("#action-title"));
        Assert.Equal("3300", await page.InputValueAsync("#holder-address-postalCode"));
        await browser.CheckAsync(page, "complements-erreurs");
        Assert.Equal("changes-requested", (await Site.GetDossierAsync(dossier)).GetProperty("status").GetString());

        // Corrected: the dossier is replaced once, its files kept, and the staff get a new validation request.
        await page.FillAsync("#holder-address-postalCode", "33000");
        var sent = await page.EvalOnSelectorAsync<Dictionary<string, string>>("form[method=post]", "f => Object.fromEntries([...new FormData(f)].filter(([, v]) => typeof v === 'string'))");
        var action = await page.GetAttributeAsync("form[method=post]", "action");
        await page.ClickAsync("form button[type=submit]");
        Assert.Equal("Dossier complété", await page.InnerTextAsync("h1"));
        await browser.CheckAsync(page, "complements-envoyes");
        await Site.WaitForStatusAsync(dossier, "submitted");
        await Site.WaitForMailAsync(Holder, "resubmission-received", dossier.Id);
        await Site.WaitForMailsAsync(Staff, "validation-request", dossier.Id, 2);
        var view = await Site.GetDossierAsync(dossier);
        var names = view.GetProperty("attachments").EnumerateArray().Select(a => a.GetProperty("name").GetString()).ToList();
        Assert.Contains("statuts.pdf", names);
        Assert.Contains("comptes.pdf", names);
        Assert.Contains("resubmitted", AmiSite.Events(view));

        // The same form sent again (a second click, a replay): "déjà enregistré", nothing replaced again.
        using var http = new HttpClient();
        using var again = new MultipartFormDataContent();
        foreach (var (name, value) in sent)
        {
            again.Add(new StringContent(value), name);
        }

        using var replay = await http.PostAsync(new Uri(browser.BaseUrl, action), again);
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Contains("Déjà enregistré", WebUtility.HtmlDecode(await replay.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Single(await Site.MailsToAsync(Holder), m => m.DossierId == dossier.Id && m.Kind == "resubmission-received");
    }

    [Fact]
    public async Task OwnFiles_DownloadThroughShortLivedLinks_AndAForgedOrExpiredLinkGetsAFrenchPageThatLeaksNothing()
    {
        var campaignId = NewId("files");
        await Site.PostCampaignAsync(InSeconds(campaignId, DateTimeOffset.UtcNow.AddDays(1)));
        var dossier = await Site.SubmitSampleAsync(campaignId);
        var receipt = await Site.WaitForMailAsync(Holder, "receipt", dossier.Id);

        var page = await browser.NewPageAsync();
        await page.GotoAsync(browser.Local(BrowserSite.PersonalLink(receipt)));
        var href = await page.GetAttributeAsync("section[aria-labelledby=pieces] a:has-text('statuts.pdf')", "href");
        Assert.NotNull(href);
        Assert.StartsWith("/fichier/", href, StringComparison.Ordinal);

        // The link downloads the very bytes filed, as an attachment, never cached.
        using var http = new HttpClient();
        using (var response = await http.GetAsync(new Uri(browser.BaseUrl, href)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(TestFiles.StatutesPdf, await response.Content.ReadAsByteArrayAsync());
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        }

        // The browser downloads it too.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("section[aria-labelledby=pieces] a:has-text('statuts.pdf')"));
        Assert.Equal("statuts.pdf", download.SuggestedFilename);

        // A forged link: 404, a French page naming neither the dossier nor the file.
        var token = href["/fichier/".Length..];
        var forged = token[..^3] + (token[^3..] == "AAA" ? "BBB" : "AAA");
        var bad = await browser.NewPageAsync();
        var forgedResponse = await bad.GotoAsync(new Uri(browser.BaseUrl, "/fichier/" + forged).AbsoluteUri);
        Assert.Equal(404, forgedResponse!.Status);
        Assert.Equal("Fichier introuvable", await bad.InnerTextAsync("h1"));
        AssertLeaksNothing(await bad.ContentAsync(), dossier);
        await browser.CheckAsync(bad, "fichier-introuvable");

        // An expired link (signed with the site's key, its expiry past): 410, the same discretion.
        var keys = Options.Create(new LinkSigningOptions { Current = LocalHostProcess.TestLinkKey });
        var expired = new FileLinks(keys).Path(dossier.Id, AttachmentId(Uri.UnescapeDataString(token)), DateTimeOffset.UtcNow - FileLinks.Lifetime - TimeSpan.FromMinutes(1));
        var expiredResponse = await bad.GotoAsync(new Uri(browser.BaseUrl, expired).AbsoluteUri);
        Assert.Equal(410, expiredResponse!.Status);
        Assert.Equal("Ce lien de téléchargement a expiré", await bad.InnerTextAsync("h1"));
        AssertLeaksNothing(await bad.ContentAsync(), dossier);
        await browser.CheckAsync(bad, "fichier-lien-expire");
    }

    private static void AssertLeaksNothing(string html, FiledDossier dossier)
    {
        Assert.DoesNotContain(dossier.Reference, html, StringComparison.Ordinal);
        Assert.DoesNotContain(dossier.Id, html, StringComparison.Ordinal);
        Assert.DoesNotContain("statuts.pdf", html, StringComparison.Ordinal);
    }

    /// <summary>The attachment id a download token names (its payload is <c>f1|dossierId|attachmentId|expiry</c>).</summary>
    private static string AttachmentId(string token) =>
        System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[0])).Split('|')[2];
}
