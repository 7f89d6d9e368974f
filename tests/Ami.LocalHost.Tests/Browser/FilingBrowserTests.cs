using System.Text.Json;
using Ami.LocalHost.Tests.EndToEnd;
using Ami.Testing;
using Microsoft.Playwright;
using static Ami.LocalHost.Tests.EndToEnd.TestCampaigns;

namespace Ami.LocalHost.Tests.Browser;

/// <summary>"Déposer un dossier" in headless Chromium: the form of the call's sections, its errors, and a real filing.</summary>
public sealed class FilingBrowserTests(BrowserSite browser) : IClassFixture<BrowserSite>
{
    private AmiSite Site => browser.Site;

    [Fact]
    public async Task FilingForm_WithABadPostcodeAndNoPartner_ShowsBothErrorsAndKeepsWhatWasTyped()
    {
        var campaignId = await OpenCallAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(browser.BaseUrl, "/deposer/" + campaignId).AbsoluteUri);
        await browser.CheckAsync(page, "deposer");

        await FillSampleAsync(page, partners: false);
        await page.FillAsync("#holder-address-postalCode", "3300");
        await page.SetInputFilesAsync("#statutes", new FilePayload { Name = "statuts.pdf", MimeType = "application/pdf", Buffer = TestFiles.StatutesPdf });
        await page.ClickAsync("form button[type=submit]");

        // Both errors, in the summary (linking to their fields) and next to each field; nothing filed.
        var summary = page.Locator(".resume-erreurs");
        Assert.Contains("Le dossier n'a pas été déposé", await summary.InnerTextAsync(), StringComparison.Ordinal);
        var links = await summary.Locator("li a").EvaluateAllAsync<string[]>("els => els.map(a => a.getAttribute('href'))");
        Assert.Contains("#holder-address-postalCode", links);
        Assert.Contains("#partners", links);
        Assert.True(await page.Locator("#holder-address-postalCode-erreur").IsVisibleAsync());
        Assert.True(await page.Locator("#partners-erreur").IsVisibleAsync());
        Assert.Equal("true", await page.GetAttributeAsync("#holder-address-postalCode", "aria-invalid"));

        // What was typed is kept (files excepted, and the page says so).
        Assert.Equal("3300", await page.InputValueAsync("#holder-address-postalCode"));
        Assert.Equal("Association Les Jardins Partagés", await page.InputValueAsync("#holder-name"));
        Assert.Equal("territorial", await page.InputValueAsync("#action-category"));
        Assert.Equal("12 000", await page.InputValueAsync("#budget-expenses-0-amount"));
        Assert.Contains("choisissez-les à nouveau", await summary.InnerTextAsync(), StringComparison.Ordinal);
        await browser.CheckAsync(page, "deposer-erreurs");

        // The summary's link takes the keyboard to the field.
        await page.ClickAsync(".resume-erreurs a[href='#holder-address-postalCode']");
        Assert.Equal("holder-address-postalCode", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        Assert.Empty(await Site.ListDossierIdsAsync(campaignId));
    }

    [Fact]
    public async Task FilingForm_Complete_FilesTheDossier_AndMailsThePersonalLink()
    {
        var campaignId = await OpenCallAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(browser.BaseUrl, "/deposer/" + campaignId).AbsoluteUri);

        await FillSampleAsync(page, partners: true);
        await page.SetInputFilesAsync("#statutes", new FilePayload { Name = "statuts.pdf", MimeType = "application/pdf", Buffer = TestFiles.StatutesPdf });
        await page.SetInputFilesAsync("#annual-accounts", new FilePayload { Name = "comptes.pdf", MimeType = "application/pdf", Buffer = File.ReadAllBytes(Path.Combine(TestFiles.RepositoryRoot, "samples", "comptes.pdf")) });
        await page.ClickAsync("form button[type=submit]");

        Assert.Equal("Dossier déposé", await page.InnerTextAsync("h1"));
        var text = await page.InnerTextAsync("main");
        Assert.Matches($"référence {campaignId.ToUpperInvariant()}-0001", text);
        Assert.Contains(Holder, text, StringComparison.Ordinal);
        await browser.CheckAsync(page, "depot-enregistre");

        var ids = await Site.ListDossierIdsAsync(campaignId);
        var id = Assert.Single(ids);

        // The receipt carries the personal link; the page shows the partners' dossier as filed.
        var receipt = await Site.WaitForMailAsync(Holder, "receipt", id);
        var mine = await browser.NewPageAsync();
        await mine.GotoAsync(browser.Local(BrowserSite.PersonalLink(receipt)));
        Assert.Equal($"Mon dossier {campaignId.ToUpperInvariant()}-0001", await mine.InnerTextAsync("h1"));
        Assert.Contains("comptes.pdf", await mine.InnerTextAsync("main"), StringComparison.Ordinal);
    }

    private async Task<string> OpenCallAsync()
    {
        var campaignId = NewId("depot");
        await Site.PostCampaignAsync(InSeconds(campaignId, DateTimeOffset.UtcNow.AddDays(1)));
        return campaignId;
    }

    /// <summary>Types samples/dossier.json into the form as a person would (amounts the French way).</summary>
    internal static async Task FillSampleAsync(IPage page, bool partners)
    {
        using var sample = JsonDocument.Parse(TestFiles.SampleDossierJson);
        var root = sample.RootElement;
        await page.SelectOptionAsync("#holder-type", "association");
        await page.SelectOptionAsync("#action-category", "territorial");
        await page.SelectOptionAsync("#action-stage", "swarming");
        foreach (var (path, value) in Leaves(root, ""))
        {
            if (path.StartsWith("partners", StringComparison.Ordinal) || path.StartsWith("budget.", StringComparison.Ordinal) || path is "holder.type" or "action.category" or "action.stage")
            {
                continue;
            }

            await page.FillAsync("#" + path.Replace('.', '-'), value);
        }

        if (partners)
        {
            await page.FillAsync("#partners-0-name", "Université de Bordeaux");
            await page.FillAsync("#partners-0-nature", "Laboratoire de recherche");
            await page.FillAsync("#partners-0-role", "Suivi scientifique et évaluation.");
            await page.FillAsync("#partners-1-name", "Aquitanis");
            await page.FillAsync("#partners-1-nature", "Bailleur social");
            await page.FillAsync("#partners-1-role", "Met les terrains à disposition.");
        }

        string[][] expenses = [["researchers", "Doctorante, 6 mois", "12 000"], ["studies-analysis", "Diagnostic des trois quartiers", "8 000"], ["staff-time", "Animation des jardins", "18 000,50"]];
        for (var i = 0; i < expenses.Length; i++)
        {
            await page.SelectOptionAsync($"#budget-expenses-{i}-category", expenses[i][0]);
            await page.FillAsync($"#budget-expenses-{i}-label", expenses[i][1]);
            await page.FillAsync($"#budget-expenses-{i}-amount", expenses[i][2]);
        }

        await page.FillAsync("#budget-income-0-source", "Ville de Bordeaux");
        await page.FillAsync("#budget-income-0-amount", "12 500");
        await page.FillAsync("#budget-requestedAmount", "30 000");
    }

    private static IEnumerable<(string Path, string Value)> Leaves(JsonElement e, string at) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Leaves(p.Value, at.Length == 0 ? p.Name : at + "." + p.Name)),
        JsonValueKind.Array => [],
        JsonValueKind.Number => [(at, e.GetRawText())],
        _ => [(at, e.GetString() ?? "")],
    };
}
