using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ami.Domain.Scoring;
using Ami.Testing;
using Ami.Workflow.Actions;
using Ami.Workflow.Configuration;
using Ami.Workflow.Links;
using Ami.Workflow.Mail;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;
using static Ami.LocalHost.Tests.EndToEnd.TestCampaigns;

namespace Ami.LocalHost.Tests.EndToEnd;

/// <inheritdoc cref="EndToEndJourneyCollection"/>
[CollectionDefinition(Name)]
public sealed class EndToEndJuryCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "EndToEnd.Jury";
}

/// <summary>
/// A whole call of 60 dossiers and 4 jurors, one of whom declares a conflict of interest on 5 dossiers, on the local
/// host process and Azurite: one mail per person (each juror one invitation and at most one reminder per reminder
/// date, the president and the CP secretariat at most 2 mails each), and every dossier with the right aggregate and
/// decision. The jurors act from their workspace for a few sheets and, as API clients may, through the per-dossier
/// actions for the bulk; the president and the CP through the per-dossier actions (their pages are issue 15's other half).
/// </summary>
[Collection(EndToEndJuryCollection.Name)]
public sealed class JuryCalendarEndToEndTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Dossiers = 60;
    private const int ConflictJuror = 3;
    private static readonly string[] Jurors = ["jure.a@jury.e2e.example", "jure.b@jury.e2e.example", "jure.c@jury.e2e.example", "jure.d@jury.e2e.example"];
    private static readonly int[] Levels = [3, 2, 1, 3];

    [Fact]
    public async Task WholeCall_60DossiersAnd4Jurors_OneMailPerPersonAndEveryDossierScoredAndDecided()
    {
        var watch = Stopwatch.StartNew();
        await using var site = await AmiSite.StartAsync(azurite.ConnectionString, "e2ejury", new Dictionary<string, string> { ["Ami__Journey__StartVersion"] = "1.3" });
        void Log(string note) => output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s: {note}");
        site.Log = Log;
        var signer = new ActionLinkSigner(Options.Create(new LinkSigningOptions { Current = LocalHostProcess.TestLinkKey }));
        var workspaces = new WorkspaceLinks(Options.Create(new LinkSigningOptions { Current = LocalHostProcess.TestLinkKey }), Options.Create(new AmiOptions { PublicBaseUrl = AmiSite.PublicBaseUrl }));

        var campaignId = NewId("jury");
        var campaign = Campaign(campaignId, DateTimeOffset.UtcNow.AddMinutes(5));
        await site.PostCampaignAsync(campaign);

        // 60 holders file; staff declare each dossier eligible from their mail.
        var filed = new ConcurrentBag<FiledDossier>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Dossiers), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (_, _) => filed.Add(await site.SubmitSampleAsync(campaignId)));
        var dossiers = filed.OrderBy(d => d.Reference, StringComparer.Ordinal).ToList();
        Log($"{Dossiers} dossiers filed");
        var requests = await site.WaitForMailsAsync(Staff, "validation-request", null, Dossiers, TimeSpan.FromSeconds(90));
        var mine = requests.Where(m => dossiers.Any(d => d.Id == m.DossierId)).ToList();
        await Parallel.ForEachAsync(mine, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (mail, _) =>
            await ActAsync(site, mail.ActionLink(AmiSite.PublicBaseUrl).AbsolutePath, """{ "decision": "eligible" }"""));
        await Eventually.GetAsync("every dossier eligible", async () =>
        {
            var eligible = await CountStatusAsync(site, campaignId, "eligible");
            return (eligible == Dossiers, eligible, $"{eligible} eligible");
        }, TimeSpan.FromSeconds(60), site.OutputTail);
        Log("all eligible");

        // Staff bring the close forward: the call closes in 5 seconds.
        var lastSecond = DateTimeOffset.UtcNow.AddSeconds(5);
        campaign["deadline"] = Instant(lastSecond);
        await site.PostCampaignAsync(campaign);
        var closesAt = ClosesAt(lastSecond);

        // Each juror: ONE invitation, to the workspace, saying how many dossiers await them.
        var invitations = new List<CapturedMail>();
        foreach (var juror in Jurors)
        {
            var invitation = await site.WaitForMailAsync(juror, "jury-workspace-invitation", null, TimeSpan.FromSeconds(60));
            Assert.True(invitation.ReceivedAt >= closesAt, $"{invitation} came before the close");
            Assert.True(invitation.PlainText.Contains("60 dossiers attendent votre évaluation", StringComparison.Ordinal), invitation.PlainText);
            invitations.Add(invitation);
        }

        Log("jurors invited");
        await Eventually.GetAsync("every dossier in jury", async () =>
        {
            var inJury = await CountStatusAsync(site, campaignId, "jury");
            return (inJury == Dossiers, inJury, $"{inJury} in jury");
        }, TimeSpan.FromSeconds(60), site.OutputTail);
        var tokens = invitations.Select(WorkspaceToken).ToList();

        // The conflicted juror declares the conflict on 5 dossiers from the workspace; the first juror saves a partial grid, then validates it.
        foreach (var d in dossiers.Take(5))
        {
            await WaitForJuryAsync(site, tokens[ConflictJuror], d);
            var page = await PostWorkspaceAsync(site, tokens[ConflictJuror], d.Id, new() { ["action"] = "conflit", ["confirm"] = "oui" });
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Contains("Votre conflit d'intérêts est enregistré", page.Text, StringComparison.Ordinal);
        }

        var first = dossiers[10];
        await WaitForJuryAsync(site, tokens[0], first);
        var outOfRange = Grid(Levels[0]);
        outOfRange["scores.beneficiaries"] = "4";
        var refused = await PostWorkspaceAsync(site, tokens[0], first.Id, new(outOfRange) { ["action"] = "valider" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("Place des bénéficiaires : la note va de 0 à 3 (4 donné).", refused.Text, StringComparison.Ordinal);
        var refusedSave = await PostWorkspaceAsync(site, tokens[0], first.Id, new() { ["action"] = "enregistrer", ["scores.beneficiaries"] = "-1" });
        Assert.Equal(HttpStatusCode.BadRequest, refusedSave.Status);
        Assert.Contains("Place des bénéficiaires : la note va de 0 à 3 (-1 donné).", refusedSave.Text, StringComparison.Ordinal);
        var saved = await PostWorkspaceAsync(site, tokens[0], first.Id, new() { ["action"] = "enregistrer", ["scores.beneficiaries"] = "3" });
        Assert.Contains("Grille enregistrée (1 critère noté sur 12)", saved.Text, StringComparison.Ordinal);
        var validated = await PostWorkspaceAsync(site, tokens[0], first.Id, new(Grid(Levels[0])) { ["action"] = "valider" });
        Assert.True(validated.Status == HttpStatusCode.OK, validated.Text);
        Assert.Contains("Votre grille est validée", validated.Text, StringComparison.Ordinal);
        var again = await PostWorkspaceAsync(site, tokens[0], first.Id, new(Grid(0)) { ["action"] = "valider" });
        Assert.Equal(HttpStatusCode.Conflict, again.Status);

        // A juror's link never opens another campaign's dossier, nor does a president's link open a juror's workspace.
        var other = NewId("jury");
        await site.PostCampaignAsync(Campaign(other, DateTimeOffset.UtcNow.AddDays(1)));
        var foreign = workspaces.Sign(new WorkspaceGrant(other, WorkspaceRole.Juror, 0), DateTimeOffset.UtcNow.AddDays(1));
        var (foreignStatus, foreignText) = await GetAsync(site, "/jury/" + Uri.EscapeDataString(foreign) + "/dossiers/" + first.Id);
        Assert.Equal(HttpStatusCode.NotFound, foreignStatus);
        Assert.Contains("Dossier introuvable", foreignText, StringComparison.Ordinal);
        var president = workspaces.Sign(new WorkspaceGrant(campaignId, WorkspaceRole.President), DateTimeOffset.UtcNow.AddDays(1));
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(site, "/jury/" + Uri.EscapeDataString(president))).Status);
        Log("workspace checks done");

        // The bulk of the sheets through the per-dossier actions; the third juror leaves 10 until the reminder.
        var heldBack = dossiers.TakeLast(10).ToList();
        async Task ScoreAllAsync(int juror, IEnumerable<FiledDossier> which) =>
            await Parallel.ForEachAsync(which, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (d, _) =>
            {
                if (d == first && juror == 0 || juror == ConflictJuror && dossiers.IndexOf(d) < 5)
                {
                    return;
                }

                var token = signer.Sign(new ActionClaims(d.Id, "jury-score", 1, $"juror-{juror}", ["scored", "conflict"], DateTimeOffset.UtcNow.AddHours(1)));
                await ActAsync(site, "/api/actions/" + Uri.EscapeDataString(token), JsonSerializer.Serialize(new { decision = "scored", scores = ScoringGrid.Annex1.Criteria.ToDictionary(c => c.Key, _ => Levels[juror]) }));
            });
        await Task.WhenAll(ScoreAllAsync(0, dossiers), ScoreAllAsync(1, dossiers), ScoreAllAsync(3, dossiers), ScoreAllAsync(2, dossiers.Except(heldBack)));
        Log("jurors 1, 2, 4 scored, juror 3 all but 10");
        var reminder = await site.WaitForMailAsync(Jurors[2], "jury-workspace-reminder", null, TimeSpan.FromSeconds(60));
        Assert.Matches("il vous reste [0-9]+ grilles à valider", reminder.PlainText);
        Assert.Contains(French.DateTime(closesAt.AddSeconds(90)), reminder.PlainText, StringComparison.Ordinal);
        foreach (var d in heldBack)
        {
            var page = await PostWorkspaceAsync(site, tokens[2], d.Id, new(Grid(Levels[2])) { ["action"] = "valider" });
            Assert.True(page.Status == HttpStatusCode.OK, page.Text);
        }

        Log("juror 3 scored the last 10 from the workspace after the reminder");

        // The president: ONE invitation as soon as every dossier's jury is complete (before the due date); the opinions
        // through the per-dossier actions.
        var presidentMail = await site.WaitForMailAsync(President, "president-workspace-invitation", null, TimeSpan.FromSeconds(90));
        Assert.True(presidentMail.ReceivedAt < closesAt.AddSeconds(90), $"the president was invited at {presidentMail.ReceivedAt:O}, when every jury was complete, not at the due date");
        Assert.Contains("/jury/avis/", presidentMail.Text, StringComparison.Ordinal);
        Log("president invited");
        await Parallel.ForEachAsync(dossiers, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (d, _) =>
        {
            var token = signer.Sign(new ActionClaims(d.Id, "jury-opinion", 1, "president", ["favourable", "unfavourable"], DateTimeOffset.UtcNow.AddHours(1)));
            await ActAsync(site, "/api/actions/" + Uri.EscapeDataString(token), """{ "decision": "favourable", "proposedAmount": 20000, "comment": "Le jury salue l'implication des habitants." }""");
        });
        Log("opinions given");

        // The CP secretariat: ONE mail when the opinions are given; the decisions through the per-dossier actions.
        var cpMail = await site.WaitForMailAsync(CpSecretariat, "cp-workspace-invitation", null, TimeSpan.FromSeconds(60));
        Assert.Contains("/commission/", cpMail.Text, StringComparison.Ordinal);
        var today = FormAnswers.Day(FormAnswers.TodayInParis());
        await Parallel.ForEachAsync(dossiers, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (d, _) =>
        {
            var token = signer.Sign(new ActionClaims(d.Id, "cp-decision", 1, "cp", ["granted", "refused"], DateTimeOffset.UtcNow.AddHours(1)));
            await ActAsync(site, "/api/actions/" + Uri.EscapeDataString(token), $$"""{ "decision": "granted", "amount": 20000, "cpDate": "{{today}}", "comment": "Aide attribuée par la Commission permanente." }""");
        });
        Log("CP decided");

        // Every dossier: the right aggregate and the grant; every holder told once.
        var granted = await Eventually.GetAsync("60 decision mails", async () =>
        {
            var mails = (await site.MailsToAsync(Holder)).Where(m => m.Kind == "decision-granted" && dossiers.Any(d => d.Id == m.DossierId)).ToList();
            return (mails.Count >= Dossiers, mails, $"{mails.Count} decision-granted");
        }, TimeSpan.FromSeconds(90), site.OutputTail);
        Assert.Equal(Dossiers, granted.Select(m => m.DossierId).Distinct().Count());
        Assert.Equal(Dossiers, granted.Count);
        for (var i = 0; i < Dossiers; i++)
        {
            var view = await site.WaitForStatusAsync(dossiers[i], "granted");
            var jury = view.GetProperty("jury");
            var conflicted = i < 5;
            Assert.Equal(conflicted ? 3 : 4, jury.GetProperty("sheets").GetInt32());
            Assert.Equal(conflicted ? 1 : 0, jury.GetProperty("conflicts").GetInt32());
            Assert.Equal(conflicted ? 24m : 27m, jury.GetProperty("meanTotal").GetDecimal());
            Assert.Equal(20000m, view.GetProperty("decision").GetProperty("amount").GetDecimal());
        }

        // One mail per person.
        var dueAt = closesAt.AddSeconds(90);
        foreach (var juror in Jurors)
        {
            var mails = await site.MailsToAsync(juror);
            Assert.Single(mails, m => m.Kind == "jury-workspace-invitation");
            Assert.True(mails.Count(m => m.Kind == "jury-workspace-reminder") <= 1, $"{juror}: {string.Join("; ", mails)}");
            Assert.DoesNotContain(mails, m => m.DossierId is not null);
        }

        Assert.Single(await site.MailsToAsync(Jurors[2]), m => m.Kind == "jury-workspace-reminder");
        var presidentMails = await site.MailsToAsync(President);
        var cpMails = await site.MailsToAsync(CpSecretariat);
        Assert.True(presidentMails.Count <= 2, string.Join("; ", presidentMails));
        Assert.True(cpMails.Count <= 2, string.Join("; ", cpMails));
        Assert.DoesNotContain(await site.MailsToAsync(Staff), m => m.Kind is "jury-shortfall" or "jury-escalation");
        Log($"done (jury due at {dueAt:HH:mm:ss})");
    }

    /// <summary>The campaign of the test: 4 jurors, the jury due 90 s after the close, one reminder 30 s after the close.</summary>
    private static JsonObject Campaign(string id, DateTimeOffset lastSecond)
    {
        var campaign = InSeconds(id, lastSecond);
        campaign["jurors"] = new JsonArray([.. Jurors.Select(j => (JsonNode)j)]);
        campaign["juryDueAfterClose"] = "PT90S";
        campaign["schedule"]!["juryRemindersBeforeDue"] = new JsonArray("PT60S");
        campaign["schedule"]!["staffReminderEvery"] = "PT10S";
        return campaign;
    }

    private static Dictionary<string, string> Grid(int level) =>
        ScoringGrid.Annex1.Criteria.ToDictionary(c => "scores." + c.Key, _ => level.ToString(CultureInfo.InvariantCulture));

    private static string WorkspaceToken(CapturedMail mail)
    {
        var match = Regex.Match(mail.Text ?? "", Regex.Escape(AmiSite.PublicBaseUrl) + "/jury/([A-Za-z0-9_~.%-]+)", RegexOptions.CultureInvariant);
        Assert.True(match.Success, $"no workspace link in {mail}: {mail.Text}");
        return Uri.UnescapeDataString(match.Groups[1].Value);
    }

    /// <summary>POSTs a JSON decision to an action link, trying again while the journey is still reaching that step (409).</summary>
    private static Task ActAsync(AmiSite site, string path, string json) =>
        Eventually.GetAsync($"POST {path[..Math.Min(30, path.Length)]}… to be recorded", async () =>
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await site.Process.Http.PostAsync(new Uri(path, UriKind.Relative), content);
            var body = await response.Content.ReadAsStringAsync();
            if ((response.StatusCode == HttpStatusCode.Conflict && body.Contains("step-closed", StringComparison.Ordinal))
                || (response.StatusCode == HttpStatusCode.NotFound && body.Contains("unknown-link", StringComparison.Ordinal)))
            {
                return (false, 0, "409 " + body);
            }

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {path}: {(int)response.StatusCode} {body}");
            return (true, 0, "200");
        }, TimeSpan.FromSeconds(60), site.OutputTail);

    private static async Task WaitForJuryAsync(AmiSite site, string token, FiledDossier dossier) =>
        await Eventually.GetAsync($"{dossier.Reference} in the juror's list", async () =>
        {
            var (status, text) = await GetAsync(site, "/jury/" + Uri.EscapeDataString(token) + "/dossiers/" + dossier.Id);
            return (status == HttpStatusCode.OK && text.Contains("Valider ma grille", StringComparison.Ordinal), 0, $"{(int)status}");
        }, TimeSpan.FromSeconds(60), site.OutputTail);

    private static async Task<(HttpStatusCode Status, string Text)> GetAsync(AmiSite site, string path)
    {
        using var response = await site.Process.Http.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, Text(await response.Content.ReadAsStringAsync()));
    }

    private static async Task<(HttpStatusCode Status, string Text)> PostWorkspaceAsync(AmiSite site, string token, string dossierId, Dictionary<string, string> form)
    {
        using var content = new FormUrlEncodedContent(form);
        using var response = await site.Process.Http.PostAsync(new Uri("/jury/" + Uri.EscapeDataString(token) + "/dossiers/" + dossierId, UriKind.Relative), content);
        return (response.StatusCode, Text(await response.Content.ReadAsStringAsync()));
    }

    private static string Text(string html) => WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]+>", " "));

    private static async Task<int> CountStatusAsync(AmiSite site, string campaignId, string status)
    {
        using var response = await site.GetAsync($"/api/campaigns/{campaignId}/dossiers?status={status}&pageSize=200", staffKey: true);
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.OK ? JsonDocument.Parse(body).RootElement.GetProperty("items").GetArrayLength() : -1;
    }
}
