using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ami.Domain.Scoring;
using Ami.LocalHost.Tests.EndToEnd;
using Ami.Testing;
using Ami.Workflow.Actions;
using Ami.Workflow.Configuration;
using Microsoft.Extensions.Options;
using static Ami.LocalHost.Tests.EndToEnd.TestCampaigns;

namespace Ami.LocalHost.Tests.Browser;

/// <summary>
/// "Mes dossiers à évaluer" in headless Chromium with axe-core on every page: a juror scores three dossiers from the
/// one link of their invitation, one of them after saving a partial grid, sees the other jurors' scores only once
/// their own sheet is in, and declares a conflict of interest on the third.
/// </summary>
public sealed class JurorWorkspaceBrowserTests(WorkspaceBrowserSite browser) : IClassFixture<WorkspaceBrowserSite>
{
    private AmiSite Site => browser.Site;

    [Fact]
    public async Task Juror_ScoresThreeDossiers_IncludingASavedPartialGrid_FromTheWorkspace()
    {
        var campaignId = NewId("jures");
        var campaign = InSeconds(campaignId, DateTimeOffset.UtcNow.AddMinutes(5));
        campaign["juryDueAfterClose"] = "PT10M";
        await Site.PostCampaignAsync(campaign);
        var dossiers = new List<FiledDossier>();
        for (var i = 0; i < 3; i++)
        {
            dossiers.Add(await Site.SubmitSampleAsync(campaignId));
        }

        foreach (var d in dossiers)
        {
            var request = await Site.WaitForMailAsync(Staff, "validation-request", d.Id);
            await Site.ActOnAsync(request, FormAnswers.Eligible());
            await Site.WaitForStatusAsync(d, "eligible");
        }

        // The call closes: the juror gets one mail for the three dossiers.
        campaign["deadline"] = Instant(DateTimeOffset.UtcNow.AddSeconds(2));
        await Site.PostCampaignAsync(campaign);
        var invitation = await Site.WaitForMailAsync(Juror1, "jury-workspace-invitation", null, TimeSpan.FromSeconds(60));
        Assert.Contains("3 dossiers attendent votre évaluation", invitation.PlainText, StringComparison.Ordinal);
        var link = Regex.Match(invitation.Text!, Regex.Escape(AmiSite.PublicBaseUrl) + "/jury/[A-Za-z0-9_~.%-]+").Value;
        foreach (var d in dossiers)
        {
            await Site.WaitForStatusAsync(d, "jury");
        }

        // The other juror scores the first dossier (through its per-dossier action, as an API client).
        var first = dossiers[0];
        var signer = new ActionLinkSigner(Options.Create(new LinkSigningOptions { Current = LocalHostProcess.TestLinkKey }));
        var token = signer.Sign(new ActionClaims(first.Id, "jury-score", 1, "juror-1", ["scored", "conflict"], DateTimeOffset.UtcNow.AddHours(1)));
        await Eventually.GetAsync("the other juror's sheet", async () =>
        {
            using var content = new StringContent(JsonSerializer.Serialize(new { decision = "scored", scores = ScoringGrid.Annex1.Criteria.ToDictionary(c => c.Key, _ => 1) }), Encoding.UTF8, "application/json");
            using var response = await Site.Process.Http.PostAsync(new Uri("/api/actions/" + Uri.EscapeDataString(token), UriKind.Relative), content);
            return (response.StatusCode == HttpStatusCode.OK, 0, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
        });

        // The list: three dossiers, none validated.
        var page = await browser.NewPageAsync();
        await page.GotoAsync(browser.Local(new Uri(link)));
        Assert.Equal("Mes dossiers à évaluer", await page.InnerTextAsync("h1"));
        var list = await page.InnerTextAsync("main");
        Assert.Contains("0 sur 3 grilles validées", list, StringComparison.Ordinal);
        Assert.All(dossiers, d => Assert.Contains(d.Reference, list, StringComparison.Ordinal));
        await browser.CheckAsync(page, "jure-mes-dossiers");

        // First dossier: the grid with each level described; the others' scores hidden; a partial grid saved.
        await page.ClickAsync($"a:has-text('{first.Reference}')");
        Assert.Equal("Dossier " + first.Reference, await page.InnerTextAsync("h1"));
        var sheet = await page.InnerTextAsync("main");
        Assert.Contains("Place des bénéficiaires", sheet, StringComparison.Ordinal);
        Assert.Contains(ScoringGrid.Annex1.Criteria[0].Levels[3], sheet, StringComparison.Ordinal);
        Assert.Contains("Elles vous sont montrées une fois votre propre grille validée", sheet, StringComparison.Ordinal);
        Assert.Contains("statuts.pdf", sheet, StringComparison.Ordinal);
        await browser.CheckAsync(page, "jure-dossier");
        var criteria = ScoringGrid.Annex1.Criteria;
        for (var i = 0; i < 5; i++)
        {
            await page.CheckAsync($"#scores-{criteria[i].Key}-2");
        }

        await page.FillAsync("#comment", "Première lecture : à reprendre.");
        await page.ClickAsync("button[value=enregistrer]");
        Assert.Contains("Grille enregistrée (5 critères notés sur 12)", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await browser.CheckAsync(page, "jure-grille-enregistree");

        // Back to the list, then the saved grid again: it is there.
        await BrowserSite.DocScreenshotAsync(page, "jure-grille");
        await page.ClickAsync("a:has-text('Mes dossiers à évaluer')");
        Assert.Contains("en cours (enregistrée, 5 critères notés)", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await BrowserSite.DocScreenshotAsync(page, "jure-mes-dossiers");
        await page.ClickAsync($"a:has-text('{first.Reference}')");
        Assert.True(await page.IsCheckedAsync($"#scores-{criteria[4].Key}-2"));
        Assert.False(await page.IsCheckedAsync($"#scores-{criteria[5].Key}-2"));
        Assert.Equal("Première lecture : à reprendre.", await page.InputValueAsync("#comment"));

        // Validated while incomplete: refused, nothing recorded; completed: recorded, and the other juror's scores shown.
        await page.ClickAsync("button[value=valider]");
        Assert.Contains("La grille n'est pas enregistrée", await page.InnerTextAsync(".resume-erreurs"), StringComparison.Ordinal);
        await browser.CheckAsync(page, "jure-grille-incomplete");
        for (var i = 5; i < criteria.Count; i++)
        {
            await page.CheckAsync($"#scores-{criteria[i].Key}-3");
        }

        await page.ClickAsync("button[value=valider]");
        var done = await page.InnerTextAsync("main");
        Assert.Contains("Votre grille est validée et enregistrée", done, StringComparison.Ordinal);
        Assert.Contains("Juré(e) 1", done, StringComparison.Ordinal);
        Assert.Contains("1 sur 3 grilles validées", done, StringComparison.Ordinal);
        await browser.CheckAsync(page, "jure-grille-validee");

        // Second dossier: scored in one go.
        await page.GotoAsync(browser.Local(new Uri(link)));
        await page.ClickAsync($"a:has-text('{dossiers[1].Reference}')");
        foreach (var c in criteria)
        {
            await page.CheckAsync($"#scores-{c.Key}-1");
        }

        await page.ClickAsync("button[value=valider]");
        Assert.Contains("Votre grille est validée", await page.InnerTextAsync("main"), StringComparison.Ordinal);

        // Third dossier: a conflict of interest.
        await page.GotoAsync(browser.Local(new Uri(link)));
        await page.ClickAsync($"a:has-text('{dossiers[2].Reference}')");
        await page.CheckAsync("#confirm-conflict");
        await page.ClickAsync("button[value=conflit]");
        Assert.Contains("Votre conflit d'intérêts est enregistré", await page.InnerTextAsync("main"), StringComparison.Ordinal);

        await page.GotoAsync(browser.Local(new Uri(link)));
        var after = await page.InnerTextAsync("main");
        Assert.Contains("3 sur 3 grilles validées", after, StringComparison.Ordinal);
        Assert.Contains("conflit d'intérêts déclaré", after, StringComparison.Ordinal);
        await browser.CheckAsync(page, "jure-mes-dossiers-fini");

        // The first dossier's jury is complete: both sheets in, the journey moved to the president's opinion.
        var view = await Site.GetDossierAsync(first);
        Assert.Contains("jury:scored", await Eventually.GetAsync("jury:scored", async () =>
        {
            var events = AmiSite.Events(await Site.GetDossierAsync(first)).ToList();
            return (events.Contains("jury:scored"), events, string.Join(", ", events));
        }));
        Assert.Equal("jury", view.GetProperty("status").GetString());
    }
}
