using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ami.Domain.Scoring;
using Ami.Testing;
using Ami.Workflow.Actions;
using Ami.Workflow.Configuration;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Steps;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;
using static Ami.LocalHost.Tests.EndToEnd.TestCampaigns;

namespace Ami.LocalHost.Tests.EndToEnd;

/// <summary>
/// A deployment while dossiers are in flight: one build of the local host takes eight dossiers of a version to
/// eight different waits (validation, changes requested, the call's closing, audition, jury, CP, start, a second
/// bilan), is killed, and this build, on the same Azurite and task hub, replays their histories and takes each to
/// its end. Every journey must end as its people decided: a replay that no longer awaits the same durable calls in
/// the same order fails the instance (non-deterministic orchestration) and the dossier never gets there.
/// </summary>
/// <remarks>
/// The first build is <c>AMI_REPLAY_FROM_BUILD</c> (the folder of an older <c>Ami.LocalHost.dll</c>, e.g. main's
/// <c>src/Ami.LocalHost/bin/Release/net10.0</c> before a refactoring of the journey); unset, it is this build, and
/// the test checks a restart on the same code.
/// </remarks>
[Collection(EndToEndRestartCollection.Name)]
public sealed class ReplayAcrossBuildsTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const string Grant = "20000";

    private static readonly ActionLinkSigner Signer = new(Options.Create(new LinkSigningOptions { Current = LocalHostProcess.TestLinkKey }));

    /// <summary>
    /// Both versions still started (1.2 and 1.3) against an older build; on the same build (CI), 1.3 only: the restart of
    /// 1.2 journeys in flight is <see cref="RestartEndToEndTests"/>'s and <see cref="ChaosTests"/>', and this class sits on
    /// the suite's longest path (the restart collection runs one test at a time).
    /// </summary>
    public static TheoryData<string> Versions() =>
        Environment.GetEnvironmentVariable("AMI_REPLAY_FROM_BUILD") is { Length: > 0 }
            ? new TheoryData<string> { JourneyVersions.V1_2, JourneyVersions.V1_3 }
            : new TheoryData<string> { JourneyVersions.V1_3 };

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task DossiersWaitingEverywhere_NewBuildReplaysTheirHistories_AndTakesEachToItsEnd(string version)
    {
        var watch = Stopwatch.StartNew();
        var before = Environment.GetEnvironmentVariable("AMI_REPLAY_FROM_BUILD");
        await using var site = await AmiSite.StartAsync(azurite.ConnectionString, "replay", new Dictionary<string, string> { ["Ami__Journey__StartVersion"] = version }, before);
        void Log(string note) => output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s: {note}");
        site.Log = Log;
        Log($"journey {version}, first process from {before ?? "this build"}");

        // Campaign A closes soon: its dossiers go past the close. Campaign B stays open while the first build runs.
        var lastSecondA = DateTimeOffset.UtcNow.AddSeconds(30);
        var campaignA = InSeconds(NewId("replay-a"), lastSecondA);
        campaignA["juryDueAfterClose"] = "PT10M";
        campaignA["schedule"]!["staffReminderEvery"] = "PT20S";
        var campaignB = InSeconds(NewId("replay-b"), DateTimeOffset.UtcNow.AddMinutes(20));
        await site.PostCampaignAsync(campaignA);
        await site.PostCampaignAsync(campaignB);
        var idA = campaignA["id"]!.GetValue<string>();
        var idB = campaignB["id"]!.GetValue<string>();

        var validation = await site.SubmitSampleAsync(idB);
        var changes = await site.SubmitSampleAsync(idB);
        var closing = await site.SubmitSampleAsync(idB);
        var audition = await site.SubmitSampleAsync(idA);
        var jury = await site.SubmitSampleAsync(idA);
        var cp = await site.SubmitSampleAsync(idA);
        var start = await site.SubmitSampleAsync(idA);
        var bilan = await site.SubmitSampleAsync(idA);
        Log("8 dossiers filed");

        await DecideAsync(site, changes, JourneySteps.Validation, "staff-0", new { decision = "changes-requested", comment = "Joignez le budget détaillé." });
        await DecideAsync(site, closing, JourneySteps.Validation, "staff-0", new { decision = "eligible" });
        var auditionAt = DateTimeOffset.UtcNow.AddDays(10).ToString("O", CultureInfo.InvariantCulture);
        await DecideAsync(site, audition, JourneySteps.Validation, "staff-0", new { decision = "eligible", audition = true, auditionAt, auditionPlace = "Hôtel de Région, salle 3" });
        foreach (var d in new[] { jury, cp, start, bilan })
        {
            await DecideAsync(site, d, JourneySteps.Validation, "staff-0", new { decision = "eligible" });
        }

        await site.WaitForStatusAsync(changes, "changes-requested");
        Log("validated; waiting for campaign A to close");

        foreach (var d in new[] { cp, start, bilan })
        {
            await site.WaitForStatusAsync(d, "jury", TimeSpan.FromSeconds(120));
            await ScoreAsync(site, d, juror: 0, level: 2);
            await ScoreAsync(site, d, juror: 1, level: 3);
            await DecideAsync(site, d, JourneySteps.JuryOpinion, "president", new { decision = "favourable", proposedAmount = 20000, comment = "Le jury salue l'implication des habitants." });
        }

        foreach (var d in new[] { start, bilan })
        {
            await DecideAsync(site, d, JourneySteps.CpDecision, "cp", Granted());
        }

        await site.DeclareStartAsync(bilan, FormAnswers.TodayInParis());
        await site.HandInBilanAsync(bilan, FormAnswers.BilanReport, FormAnswers.Bilan);
        await DecideAsync(site, bilan, JourneySteps.BilanValidation, "staff-0", new { decision = "changes-requested", comment = "Joignez les factures." });

        // Each dossier at its wait, the first build idle.
        await site.WaitForStatusAsync(validation, "submitted");
        await site.WaitForStatusAsync(closing, "eligible");
        await site.WaitForStatusAsync(audition, "audition");
        await site.WaitForStatusAsync(jury, "jury");
        await site.WaitForStatusAsync(cp, "cp");
        await site.WaitForStatusAsync(start, "granted");
        await site.WaitForStatusAsync(bilan, "bilan-due");
        await Task.Delay(TimeSpan.FromSeconds(5));
        var (killed, replaced) = await site.KillAndRestartAsync();
        Log($"first process {killed} killed; this build serves as {replaced}");

        // This build takes each one to its end.
        await DecideAsync(site, validation, JourneySteps.Validation, "staff-0", new { decision = "ineligible", comment = "Le porteur n'est pas une association." });
        await WithdrawAsync(site, changes);
        await WithdrawAsync(site, closing);
        await DecideAsync(site, audition, JourneySteps.Audition, "staff-0", new { decision = "held" });
        await site.WaitForStatusAsync(audition, "jury");
        await WithdrawAsync(site, audition);
        await ScoreAsync(site, jury, juror: 0, level: 1);
        await ScoreAsync(site, jury, juror: 1, level: 1);
        await DecideAsync(site, jury, JourneySteps.JuryOpinion, "president", new { decision = "unfavourable", proposedAmount = 0, comment = "Le projet reste trop peu détaillé." });
        await DecideAsync(site, jury, JourneySteps.CpDecision, "cp", new { decision = "refused", cpDate = FormAnswers.Day(FormAnswers.TodayInParis()), comment = "Avis défavorable du jury suivi par la Commission." });
        await DecideAsync(site, cp, JourneySteps.CpDecision, "cp", Granted());
        foreach (var d in new[] { cp, start })
        {
            await site.DeclareStartAsync(d, FormAnswers.TodayInParis());
            await site.HandInBilanAsync(d, FormAnswers.BilanReport, FormAnswers.Bilan);
            await DecideAsync(site, d, JourneySteps.BilanValidation, "staff-0", new { decision = "accepted" });
        }

        await site.HandInBilanAsync(bilan, FormAnswers.BilanReport, FormAnswers.Bilan);
        await DecideAsync(site, bilan, JourneySteps.BilanValidation, "staff-0", new { decision = "accepted" }, attempt: 2);

        var submitted = TimelineEvents.Submitted.Name;
        var granted = new[] { "jury:opened", "jury:scored", "jury-opinion:favourable", "cp:granted", "started", "instalment-1-released" };
        var closed = new[] { "bilan-validation:accepted", "instalment-2-released", "closed" };
        await EndsAsync(site, validation, "ineligible", [submitted, "validation:ineligible"]);
        await EndsAsync(site, changes, "withdrawn", [submitted, "validation:changes-requested", "withdrawn"]);
        await EndsAsync(site, closing, "withdrawn", [submitted, "validation:eligible", "withdrawn"]);
        await EndsAsync(site, audition, "withdrawn", [submitted, "validation:eligible", "audition:invited", "audition:held", "jury:opened", "withdrawn"]);
        await EndsAsync(site, jury, "refused", [submitted, "validation:eligible", "jury:opened", "jury:scored", "jury-opinion:unfavourable", "cp:refused"]);
        await EndsAsync(site, cp, "closed", [submitted, "validation:eligible", .. granted, "bilan:submitted", .. closed]);
        await EndsAsync(site, start, "closed", [submitted, "validation:eligible", .. granted, "bilan:submitted", .. closed]);
        await EndsAsync(site, bilan, "closed", [submitted, "validation:eligible", .. granted, "bilan:submitted", "bilan-validation:changes-requested", "bilan:submitted", .. closed]);
        Assert.DoesNotContain("NonDeterministic", site.Process.Output, StringComparison.OrdinalIgnoreCase);
        Log("every dossier at its end");
    }

    private static object Granted() =>
        new { decision = "granted", amount = decimal.Parse(Grant, CultureInfo.InvariantCulture), cpDate = FormAnswers.Day(FormAnswers.TodayInParis()), comment = "Aide attribuée par la Commission permanente." };

    /// <summary>The dossier's end, its timeline in order (a <c>bilan:due</c> line may come in between, as the bilan is due seconds after the start).</summary>
    private static async Task EndsAsync(AmiSite site, FiledDossier dossier, string status, string[] events)
    {
        var view = await site.WaitForStatusAsync(dossier, status, TimeSpan.FromSeconds(120));
        Assert.Equal(events, AmiSite.Events(view).Where(e => e != TimelineEvents.BilanDue.Name));
    }

    private static Task ScoreAsync(AmiSite site, FiledDossier dossier, int juror, int level) =>
        DecideAsync(site, dossier, JourneySteps.JuryScore, $"juror-{juror}", new { decision = "scored", scores = ScoringGrid.Annex1.Criteria.ToDictionary(c => c.Key, _ => level), comment = "Grille notée." });

    /// <summary>
    /// POSTs a decision to the step's action link (signed here with the process's key: the same link the journey
    /// issues, mailed or not), trying again while the journey is still reaching that step.
    /// </summary>
    private static Task DecideAsync(AmiSite site, FiledDossier dossier, string step, string actor, object body, int attempt = 1)
    {
        var token = Signer.Sign(new ActionClaims(dossier.Id, step, attempt, actor, StepCatalog.DecisionsOf(step), DateTimeOffset.UtcNow.AddHours(1)));
        var path = "/api/actions/" + Uri.EscapeDataString(token);
        var json = JsonSerializer.Serialize(body);
        return Eventually.GetAsync($"{step}#{attempt} of {dossier.Reference} by {actor} to be recorded", async () =>
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await site.Process.Http.PostAsync(new Uri(path, UriKind.Relative), content);
            var text = await response.Content.ReadAsStringAsync();
            if ((response.StatusCode == HttpStatusCode.Conflict && text.Contains("step-closed", StringComparison.Ordinal))
                || (response.StatusCode == HttpStatusCode.NotFound && text.Contains("unknown-link", StringComparison.Ordinal)))
            {
                return (false, 0, $"{(int)response.StatusCode} {text}");
            }

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {step} of {dossier.Reference}: {(int)response.StatusCode} {text}");
            return (true, 0, "200");
        }, TimeSpan.FromSeconds(90), site.OutputTail);
    }

    private static Task WithdrawAsync(AmiSite site, FiledDossier dossier) =>
        Eventually.GetAsync($"the withdrawal of {dossier.Reference} to be accepted (202)", async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/dossiers/{dossier.Id}/withdraw", UriKind.Relative));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", dossier.AccessToken);
            using var response = await site.Process.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.Conflict && text.Contains("\"not-waiting\"", StringComparison.Ordinal))
            {
                return (false, 0, $"409 {text}");
            }

            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST withdraw of {dossier.Reference}: {(int)response.StatusCode} {text}");
            return (true, 0, "202");
        }, TimeSpan.FromSeconds(60), site.OutputTail);
}
