using System.Diagnostics;
using System.Net;
using System.Text;
using Ami.LocalHost.Tests.Browser;
using Ami.LocalHost.Tests.EndToEnd;
using Ami.Workflow.Links;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Ami.LocalHost.Tests.EndToEnd.TestCampaigns;

namespace Ami.LocalHost.Tests.Workspaces;

/// <summary>
/// "Séance de la Commission permanente" in Chromium: a session opened with its date, its decisions entered by form
/// (amounts above the cap and above the request refused per row, nothing recorded), then recorded once and mailed to
/// each holder once; the same session submitted again has no second effect; the tableau des décisions printed and
/// downloaded as CSV. A second session imports the deliberation's CSV: unknown references, duplicates and malformed
/// amounts listed by line, nothing recorded; corrected, recorded. axe-core on every page.
/// </summary>
public sealed class CpSessionBrowserTests(BrowserSite browser, ITestOutputHelper output) : IClassFixture<BrowserSite>
{
    private AmiSite Site => browser.Site;

    [Fact]
    public async Task Secretariat_EntersASessionByFormThenAnotherByCsv_EachDecisionRecordedAndMailedOnce()
    {
        var watch = Stopwatch.StartNew();
        var (campaignId, d) = await WorkspaceWalk.ToJuryOpinionAsync(Site, 4);
        await GiveOpinionsAsync(campaignId, d);
        foreach (var dossier in d)
        {
            await Site.WaitForStatusAsync(dossier, "cp");
        }

        output.WriteLine($"4 dossiers at the CP in {watch.Elapsed.TotalSeconds:0.0} s");
        var token = WorkspaceWalk.Token(campaignId, WorkspaceRole.CpSecretariat);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(browser.BaseUrl, "/commission/" + Uri.EscapeDataString(token)).AbsoluteUri);
        Assert.StartsWith("Commission permanente", await page.InnerTextAsync("h1"), StringComparison.Ordinal);
        Assert.Contains("4 dossiers ont l'avis du jury", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await browser.CheckAsync(page, "commission");

        // A session, by form.
        await page.FillAsync("#date", FormAnswers.Day(FormAnswers.TodayInParis()));
        await page.ClickAsync("button:has-text('Ouvrir la séance')");
        Assert.StartsWith("Séance de la Commission permanente du", await page.InnerTextAsync("h1"), StringComparison.Ordinal);
        var sessionUrl = page.Url;
        Assert.Equal(4, await page.Locator("form fieldset.ligne").CountAsync());
        await browser.CheckAsync(page, "commission-seance");
        await BrowserSite.DocScreenshotAsync(page, "commission-seance");
        var phone = await browser.NewPageAsync(phone: true);
        await phone.GotoAsync(sessionUrl);
        await browser.CheckAsync(phone, "commission-seance-telephone");

        // Above the cap (45 000 > 40 000) and above the request (35 000 > 30 000): both rows refused, nothing recorded.
        var row0 = await RowAsync(page, d[0]);
        var row1 = await RowAsync(page, d[1]);
        await DecideAsync(page, row0, "granted", "45 000", "");
        await DecideAsync(page, row1, "granted", "35 000", "");
        await page.ClickAsync("button:has-text('Enregistrer les décisions de la séance')");
        var summary = await page.InnerTextAsync(".resume-erreurs");
        Assert.Contains("Aucune décision n'a été enregistrée : 2 erreurs à corriger", summary, StringComparison.Ordinal);
        Assert.Contains($"Dossier {d[0].Reference} – Montant accordé : ", summary, StringComparison.Ordinal);
        Assert.Contains($"Dossier {d[1].Reference} – Montant accordé : ", summary, StringComparison.Ordinal);
        Assert.Contains("40 000,00 €", CapturedMail.Normalise(summary), StringComparison.Ordinal);
        Assert.Contains("30 000,00 €", CapturedMail.Normalise(summary), StringComparison.Ordinal);
        Assert.Equal("true", await page.GetAttributeAsync($"#{row0}-montant", "aria-invalid"));
        Assert.Equal("45 000", await page.InputValueAsync($"#{row0}-montant"));
        await browser.CheckAsync(page, "commission-seance-erreurs");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.All(await Task.WhenAll(d.Select(x => WorkspaceWalk.StateAsync(Site, x))), s => Assert.Equal("cp", s.Status));

        // Corrected: a grant and a refusal with its reasons.
        await page.FillAsync($"#{row0}-montant", "28 333,33");
        await page.CheckAsync($"#{row1}-decision-refus");
        await page.FillAsync($"#{row1}-montant", "");
        await page.FillAsync($"#{row1}-motifs", "Le budget de fonctionnement n'est pas assez détaillé.");
        await page.ClickAsync("button:has-text('Enregistrer les décisions de la séance')");
        Assert.Equal("Décisions enregistrées", await page.InnerTextAsync("h1"));
        Assert.Contains("2 décisions enregistrées", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await browser.CheckAsync(page, "commission-seance-enregistree");
        await Site.WaitForStatusAsync(d[0], "granted");
        await Site.WaitForStatusAsync(d[1], "refused");
        await Site.WaitForMailAsync(Holder, "decision-granted", d[0].Id);
        await Site.WaitForMailAsync(Holder, "decision-refused", d[1].Id);

        // The same session submitted again: no second effect.
        var again = await WorkspaceWalk.PostAsync(Site, new Uri(sessionUrl).AbsolutePath, [new("d0.id", d[2].Id), new("d0.decision", "granted"), new("d0.montant", "10000")]);
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Contains("Déjà enregistré", again.Text, StringComparison.Ordinal);

        // The tableau des décisions: print view and CSV.
        await page.ClickAsync("text=Voir le tableau des décisions");
        Assert.StartsWith("Tableau des décisions", await page.InnerTextAsync("h1"), StringComparison.Ordinal);
        Assert.Equal(2, await page.Locator("table.tableau tbody tr").CountAsync());
        Assert.Contains("28 333,33 €", CapturedMail.Normalise(await page.InnerTextAsync("table.tableau")), StringComparison.Ordinal);
        await browser.CheckAsync(page, "commission-tableau");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        Assert.False(await page.IsVisibleAsync(".bandeau"));
        Assert.True(await page.IsVisibleAsync("table.tableau"));
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("text=Télécharger le tableau en CSV"));
        var csv = (await File.ReadAllTextAsync((await download.PathAsync())!, Encoding.UTF8)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("reference;décision;montant;motifs;", csv[0], StringComparison.Ordinal);
        Assert.Equal(3, csv.Length);
        Assert.Contains(csv, l => l.StartsWith($"{d[0].Reference};accordé;28333,33;", StringComparison.Ordinal));
        Assert.Contains(csv, l => l.StartsWith($"{d[1].Reference};refusé;;Le budget", StringComparison.Ordinal));

        // A second session, by CSV: an unknown reference, a duplicate, a malformed amount; nothing recorded.
        await page.GotoAsync(new Uri(browser.BaseUrl, "/commission/" + Uri.EscapeDataString(token)).AbsoluteUri);
        await page.FillAsync("#date", FormAnswers.Day(FormAnswers.TodayInParis().AddDays(7)));
        await page.ClickAsync("button:has-text('Ouvrir la séance')");
        Assert.Equal(2, await page.Locator("form fieldset.ligne").CountAsync());
        await ImportAsync(page, $"""
            reference;décision;montant;motifs
            {d[2].Reference};accordé;12,5,0;
            AMI-INCONNU-0099;accordé;10000;
            {d[3].Reference};refusé;;Hors du champ de l'appel.
            {d[3].Reference};accordé;15000;
            """);
        var errors = await page.InnerTextAsync(".resume-erreurs");
        Assert.Contains("Aucune décision n'a été enregistrée : 3 erreurs à corriger", errors, StringComparison.Ordinal);
        // Each named by its line and by the field as the page labels it, never by the file's column.
        Assert.Contains($"Ligne 2 ({d[2].Reference}) – Montant : « 12,5,0 » n'est pas un montant en euros", errors, StringComparison.Ordinal);
        Assert.Contains("Ligne 3 (AMI-INCONNU-0099) – Référence du dossier : Référence inconnue", errors, StringComparison.Ordinal);
        Assert.Contains($"Ligne 5 ({d[3].Reference}) – Référence du dossier : Le dossier {d[3].Reference} figure déjà à la ligne 4", errors, StringComparison.Ordinal);
        Assert.DoesNotContain(" : montant", errors, StringComparison.Ordinal);
        Assert.DoesNotContain(" : reference", errors, StringComparison.Ordinal);
        Assert.Equal(3, await page.Locator("#erreurs-csv ~ table tbody tr").CountAsync());
        Assert.Contains("Montant : ", await page.InnerTextAsync("#ligne-2"), StringComparison.Ordinal);
        foreach (var label in new[] { "Référence du dossier", "Décision", "Montant", "Motifs" })
        {
            Assert.Contains(label + " (colonne", await page.InnerTextAsync("#import ~ ul"), StringComparison.Ordinal);
        }
        await browser.CheckAsync(page, "commission-import-erreurs");
        await BrowserSite.DocScreenshotAsync(page, "commission-import-erreurs", 1000);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal("cp", (await WorkspaceWalk.StateAsync(Site, d[2])).Status);
        Assert.Equal("cp", (await WorkspaceWalk.StateAsync(Site, d[3])).Status);

        // Corrected (a comma-separated file this time): recorded.
        await ImportAsync(page, $"""
            Reference,Decision,Montant,Motifs
            {d[2].Reference},accordé,"12 500,00",
            {d[3].Reference},refusé,,Hors du champ de l'appel.
            """);
        Assert.Equal("Décisions enregistrées", await page.InnerTextAsync("h1"));
        await browser.CheckAsync(page, "commission-import-enregistre");
        await page.GotoAsync(sessionUrl);
        Assert.Contains("Les décisions de cette séance sont enregistrées", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("form").CountAsync());
        await browser.CheckAsync(page, "commission-seance-close");
        await Site.WaitForStatusAsync(d[2], "granted");
        await Site.WaitForStatusAsync(d[3], "refused");

        // Every holder told once.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var mails = await Site.MailsToAsync(Holder);
        foreach (var (dossier, kind) in new[] { (d[0], "decision-granted"), (d[1], "decision-refused"), (d[2], "decision-granted"), (d[3], "decision-refused") })
        {
            Assert.Single(mails, m => m.DossierId == dossier.Id && m.Kind.StartsWith("decision-", StringComparison.Ordinal));
            Assert.Single(mails, m => m.DossierId == dossier.Id && m.Kind == kind);
        }

        Assert.Equal(12_500m, (await Site.GetDossierAsync(d[2])).GetProperty("decision").GetProperty("amount").GetDecimal());
        output.WriteLine($"done in {watch.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>The president gives every opinion from the page (favourable, 28 333,33 €), posted as the page's form.</summary>
    private async Task GiveOpinionsAsync(string campaignId, IReadOnlyList<FiledDossier> dossiers)
    {
        var path = "/jury/avis/" + Uri.EscapeDataString(WorkspaceWalk.Token(campaignId, WorkspaceRole.President));
        var (status, text) = await WorkspaceWalk.PostAsync(Site, path, dossiers.SelectMany((d, i) => new Dictionary<string, string>
        {
            [$"r{i}.id"] = d.Id, [$"r{i}.decision"] = "favourable", [$"r{i}.montant"] = "28333.33", [$"r{i}.conclusions"] = "Le jury salue l'implication des habitants.",
        }));
        Assert.True(status == HttpStatusCode.OK, $"{(int)status} {text}");
    }

    /// <summary>The page's row prefix (<c>d{i}</c>) of a dossier.</summary>
    private static async Task<string> RowAsync(IPage page, FiledDossier dossier) =>
        (await page.Locator($"input[type=hidden][value='{dossier.Id}']").GetAttributeAsync("name"))!.Split('.')[0];

    private static async Task DecideAsync(IPage page, string row, string decision, string amount, string reasons)
    {
        await page.CheckAsync(decision == "granted" ? $"#{row}-decision" : $"#{row}-decision-refus");
        await page.FillAsync($"#{row}-montant", amount);
        await page.FillAsync($"#{row}-motifs", reasons);
    }

    private static async Task ImportAsync(IPage page, string csv)
    {
        await page.SetInputFilesAsync("#fichier", new FilePayload { Name = "deliberation.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv.Replace("\n", "\r\n", StringComparison.Ordinal)) });
        await page.ClickAsync("button:has-text('Importer et enregistrer')");
    }
}
