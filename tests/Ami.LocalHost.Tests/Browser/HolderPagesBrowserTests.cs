using System.Net;
using Ami.LocalHost.Tests.EndToEnd;
using Microsoft.Playwright;
using static Ami.LocalHost.Tests.EndToEnd.TestCampaigns;

namespace Ami.LocalHost.Tests.Browser;

/// <summary>
/// The holder in a real browser (headless Chromium): from the receipt mail's personal link to "Mon dossier", its
/// actions, and "J'ai perdu mon lien"; axe-core on every page. One local host process and one browser for the class.
/// </summary>
public sealed class HolderPagesBrowserTests(BrowserSite browser) : IClassFixture<BrowserSite>
{
    private AmiSite Site => browser.Site;

    [Fact]
    public async Task ReceiptMailLink_OpenedWithNoHeaderAtAll_AnswersTheHolderPageInFrench()
    {
        var (dossier, link) = await FileAsync();

        // A bare GET, as a mail client's preview or a first click does: 200 HTML, never cached.
        using (var bare = new HttpClient())
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, browser.Local(link));
            request.Headers.Clear();
            using var response = await bare.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        }

        var page = await browser.NewPageAsync();
        await page.GotoAsync(browser.Local(link));
        Assert.Equal("Mon dossier " + dossier.Reference, await page.InnerTextAsync("h1"));
        var text = await page.InnerTextAsync("main");
        Assert.Contains("Statut : déposé", text, StringComparison.Ordinal);
        Assert.Contains("La clôture de l'appel est le ", text, StringComparison.Ordinal);
        Assert.Contains("Le jury rend son avis avant le ", text, StringComparison.Ordinal);
        Assert.Contains("Dossier déposé", text, StringComparison.Ordinal);
        Assert.Contains("statuts.pdf", text, StringComparison.Ordinal);
        await browser.CheckAsync(page, "mon-dossier");

        var phone = await browser.NewPageAsync(phone: true);
        await phone.GotoAsync(browser.Local(link));
        await browser.CheckAsync(phone, "mon-dossier-telephone");
    }

    [Fact]
    public async Task ForgedOrOtherLink_AnswersAFrenchPageThatTellsNothingOfTheDossier()
    {
        var (dossier, link) = await FileAsync();
        var token = link.AbsolutePath["/mon-dossier/".Length..];
        var forged = token[..^3] + (token[^3..] == "AAA" ? "BBB" : "AAA");

        var page = await browser.NewPageAsync();
        var response = await page.GotoAsync(new Uri(browser.BaseUrl, "/mon-dossier/" + forged).AbsoluteUri);
        Assert.Equal(404, response!.Status);
        Assert.Equal("Lien non valable", await page.InnerTextAsync("h1"));
        var html = await page.ContentAsync();
        Assert.DoesNotContain(dossier.Reference, html, StringComparison.Ordinal);
        Assert.DoesNotContain(dossier.Id, html, StringComparison.Ordinal);
        await browser.CheckAsync(page, "lien-non-valable");

        // A page's action with a forged token does nothing either.
        using var http = new HttpClient();
        using var post = await http.PostAsync(new Uri(browser.BaseUrl, "/mon-dossier/" + forged + "/retrait"), new FormUrlEncodedContent(new Dictionary<string, string> { ["confirm"] = "oui" }));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal("submitted", (await Site.GetDossierAsync(dossier)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Withdraw_AfterTheConfirmationStep_WithdrawsOnce_ThenSaysAlreadyRecorded()
    {
        var (dossier, link) = await FileAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(browser.Local(link));

        // The link to withdraw only shows a confirmation (a GET never acts).
        await page.ClickAsync("text=Retirer mon dossier…");
        Assert.Equal("Retirer mon dossier", await page.InnerTextAsync("h1"));
        await browser.CheckAsync(page, "retrait-confirmation");
        Assert.Equal("submitted", (await Site.GetDossierAsync(dossier)).GetProperty("status").GetString());

        await page.CheckAsync("#confirm");
        await page.ClickAsync("button[type=submit]");
        Assert.Equal("Dossier retiré", await page.InnerTextAsync("h1"));
        await browser.CheckAsync(page, "retrait-enregistre");
        await Site.WaitForStatusAsync(dossier, "withdrawn");
        await Site.WaitForMailAsync(Holder, "withdrawal-acknowledged", dossier.Id);

        // The same form sent again (back button, double click): "déjà enregistré", nothing more happens.
        await page.GoBackAsync();
        await page.CheckAsync("#confirm");
        await page.ClickAsync("button[type=submit]");
        Assert.Equal("Déjà enregistré", await page.InnerTextAsync("h1"));
        await browser.CheckAsync(page, "deja-enregistre");
        var acknowledgements = (await Site.MailsToAsync(Holder)).Count(m => m.DossierId == dossier.Id && m.Kind == "withdrawal-acknowledged");
        Assert.Equal(1, acknowledgements);

        // The page now says it is withdrawn, and offers no withdrawal.
        await page.GotoAsync(browser.Local(link));
        Assert.Contains("Statut : retiré", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("text=Retirer mon dossier…").CountAsync());
    }

    [Fact]
    public async Task LostLink_SendsAFreshLinkToTheContactAddressOnly_AndAnswersTheSameOtherwise()
    {
        var (dossier, _) = await FileAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(browser.BaseUrl, "/lien-perdu").AbsoluteUri);
        await browser.CheckAsync(page, "lien-perdu");

        // Nothing typed: both errors, in a summary linking to the fields, and next to each field.
        await page.ClickAsync("button[type=submit]");
        Assert.Equal(2, await page.Locator(".resume-erreurs li a").CountAsync());
        Assert.Equal("#reference", await page.Locator(".resume-erreurs li a").First.GetAttributeAsync("href"));
        Assert.Equal(2, await page.Locator(".champ .erreur").CountAsync());
        await browser.CheckAsync(page, "lien-perdu-erreurs");

        // A wrong address: the same answer as a right one, and no mail.
        await page.FillAsync("#reference", dossier.Reference);
        await page.FillAsync("#email", "quelqu.un@ailleurs.example");
        await page.ClickAsync("button[type=submit]");
        var wrongAnswer = await page.InnerTextAsync("main");

        var page2 = await browser.NewPageAsync();
        await page2.GotoAsync(new Uri(browser.BaseUrl, "/lien-perdu").AbsoluteUri);
        await page2.FillAsync("#reference", dossier.Reference.ToLowerInvariant());
        await page2.FillAsync("#email", Holder.ToUpperInvariant());
        await page2.ClickAsync("button[type=submit]");
        Assert.Equal(wrongAnswer, await page2.InnerTextAsync("main"));
        await browser.CheckAsync(page2, "lien-perdu-envoye");

        var mail = await Site.WaitForMailAsync(Holder, "holder-link", dossier.Id);
        Assert.Equal([Holder], mail.To);
        Assert.DoesNotContain(await Site.MailsToAsync("quelqu.un@ailleurs.example"), m => m.DossierId == dossier.Id);

        // The fresh link opens the page.
        var fresh = await browser.NewPageAsync();
        await fresh.GotoAsync(browser.Local(BrowserSite.PersonalLink(mail)));
        Assert.Equal("Mon dossier " + dossier.Reference, await fresh.InnerTextAsync("h1"));
    }

    [Fact]
    public async Task DeclareStartThenHandInBilan_OnTheDossierPage_EachValidatedNextToItsFields_AndRecordedOnce()
    {
        // A call closing in a few seconds, walked to the grant by staff, jurors, president and CP through their links.
        var campaignId = NewId("pages");
        await Site.PostCampaignAsync(InSeconds(campaignId, DateTimeOffset.UtcNow.AddSeconds(12)));
        var dossier = await Site.SubmitSampleAsync(campaignId);
        await JourneyWalk.ValidateAsync(Site, dossier);
        foreach (var juror in new[] { Juror1, Juror2 })
        {
            var invitation = await Site.WaitForMailAsync(juror, "jury-invitation", dossier.Id, TimeSpan.FromSeconds(90));
            await JourneyWalk.ScoreAsync(Site, invitation, level: juror == Juror1 ? 2 : 3);
        }

        var today = FormAnswers.TodayInParis();
        await JourneyWalk.OpinionAndGrantAsync(Site, dossier, today);
        var granted = await Site.WaitForMailAsync(Holder, "decision-granted", dossier.Id);

        // The grant mail's personal link: the decision, the jury's conclusions, the instalments to the cent, the start form.
        var page = await browser.NewPageAsync();
        await page.GotoAsync(browser.Local(BrowserSite.PersonalLink(granted)));
        var text = await page.InnerTextAsync("main");
        Assert.Contains("Statut : aide accordée", text, StringComparison.Ordinal);
        Assert.Contains(JourneyWalk.JuryConclusions, text, StringComparison.Ordinal);
        Assert.Contains("Aide accordée : 28 333,33 €", CapturedMail.Normalise(text), StringComparison.Ordinal);
        Assert.Contains("19 833,33 €", CapturedMail.Normalise(text), StringComparison.Ordinal);
        Assert.Contains("8 500,00 €", CapturedMail.Normalise(text), StringComparison.Ordinal);
        Assert.Contains("(décision de la Commission permanente)", text, StringComparison.Ordinal);
        Assert.Equal(FormAnswers.Day(today), await page.GetAttributeAsync("#startDate", "min"));
        await browser.CheckAsync(page, "mon-dossier-aide-accordee");

        // A start before the CP's decision: the error next to the field, the typed date kept, nothing recorded.
        var early = today.AddDays(-3);
        await page.FillAsync("#startDate", FormAnswers.Day(early));
        await page.ClickAsync("form[action$='/demarrage'] button[type=submit]");
        Assert.Contains("avant la décision de la Commission permanente", await page.InnerTextAsync("#startDate-erreur"), StringComparison.Ordinal);
        Assert.Equal(FormAnswers.Day(early), await page.InputValueAsync("#startDate"));
        Assert.Equal("true", await page.GetAttributeAsync("#startDate", "aria-invalid"));
        await browser.CheckAsync(page, "demarrage-erreur");
        Assert.Equal("granted", (await Site.GetDossierAsync(dossier)).GetProperty("status").GetString());

        // Today: recorded once, the first instalment released.
        await page.FillAsync("#startDate", FormAnswers.Day(today));
        await page.ClickAsync("form[action$='/demarrage'] button[type=submit]");
        Assert.Equal("Démarrage enregistré", await page.InnerTextAsync("h1"));
        await browser.CheckAsync(page, "demarrage-enregistre");
        await Site.WaitForMailAsync(Finance, "payment-order", dossier.Id);
        await Site.WaitForStatusAsync(dossier, "started");

        var after = await browser.NewPageAsync();
        await after.GotoAsync(browser.Local(BrowserSite.PersonalLink(granted)));
        var afterText = CapturedMail.Normalise(await after.InnerTextAsync("main"));
        Assert.Contains("Statut : action démarrée", afterText, StringComparison.Ordinal);
        Assert.Contains("Bilan attendu avant le ", afterText, StringComparison.Ordinal);
        Assert.Matches("19 833,33 €\\s+versé le ", afterText);
        Assert.Equal(0, await after.Locator("#startDate").CountAsync());
        await browser.CheckAsync(after, "mon-dossier-bilan");

        // The bilan: without its report, refused with the error by the field and the figures kept; then handed in once.
        await after.FillAsync("#spent-researchers", "12 000");
        await after.FillAsync("#spent-staff-time", "16 500,50");
        await after.FillAsync("#summary", "Trois jardins ouverts, 140 participants réguliers.");
        await after.ClickAsync("form[action$='/bilan'] button[type=submit]");
        Assert.Contains("Joignez le rapport", await after.InnerTextAsync("#report-erreur"), StringComparison.Ordinal);
        Assert.Equal("16 500,50", await after.InputValueAsync("#spent-staff-time"));
        await browser.CheckAsync(after, "bilan-erreur");

        await after.SetInputFilesAsync("#report", new FilePayload { Name = "bilan.pdf", MimeType = "application/pdf", Buffer = Ami.Testing.TestFiles.StatutesPdf });
        await after.ClickAsync("form[action$='/bilan'] button[type=submit]");
        Assert.Equal("Bilan remis", await after.InnerTextAsync("h1"));
        await browser.CheckAsync(after, "bilan-remis");
        await Site.WaitForMailAsync(Holder, "bilan-received", dossier.Id);
        await Site.WaitForStatusAsync(dossier, "bilan-submitted");

        // The same form sent again (a second click, a replay): "déjà enregistré", one bilan.
        using var http = new HttpClient();
        using var again = new MultipartFormDataContent
        {
            { new ByteArrayContent(Ami.Testing.TestFiles.StatutesPdf), "report", "bilan.pdf" },
            { new StringContent("12 000"), "spent.researchers" },
            { new StringContent("Trois jardins ouverts."), "summary" },
        };
        using var replay = await http.PostAsync(new Uri(browser.Local(BrowserSite.PersonalLink(granted)) + "/bilan"), again);
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Contains("Déjà enregistré", WebUtility.HtmlDecode(await replay.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Single(await Site.MailsToAsync(Holder), m => m.DossierId == dossier.Id && m.Kind == "bilan-received");
    }

    /// <summary>A dossier filed through the API in a call open for a day; its receipt's personal link.</summary>
    private async Task<(FiledDossier Dossier, Uri Link)> FileAsync()
    {
        var campaignId = NewId("pages");
        await Site.PostCampaignAsync(InSeconds(campaignId, DateTimeOffset.UtcNow.AddDays(1)));
        var dossier = await Site.SubmitSampleAsync(campaignId);
        var receipt = await Site.WaitForMailAsync(Holder, "receipt", dossier.Id);
        return (dossier, BrowserSite.PersonalLink(receipt));
    }
}
