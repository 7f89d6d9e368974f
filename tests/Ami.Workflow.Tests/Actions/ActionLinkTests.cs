using System.Text.Json;
using Ami.Domain.Scoring;
using Ami.Workflow.Actions;
using Ami.Workflow.Mail;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;
using Ami.Workflow.Tests.Journey;
using Microsoft.DurableTask.Client;

namespace Ami.Workflow.Tests.Actions;

/// <summary>Signed links as people use them: through the HTTP handler both hosts call.</summary>
public sealed class ActionLinkTests(JourneyHost host) : IClassFixture<JourneyHost>
{
    [Fact]
    public async Task Post_SameLinkTwice_FirstActsSecondIs410()
    {
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(30)));
        await host.StepAsync(dossier.Id, JourneySteps.Validation);
        var token = await host.LinkAsync(dossier.Id, JourneySteps.Validation, RecipientRole.Staff);

        var first = await host.ActionHttpAsync("POST", token, json: """{ "decision": "ineligible", "comment": "Action déjà commercialisée." }""");
        var second = await host.ActionHttpAsync("POST", token, json: """{ "decision": "eligible" }""");

        Assert.Equal(200, first.Status);
        Assert.Contains("\"decision\":\"ineligible\"", first.Body, StringComparison.Ordinal);
        Assert.Equal(410, second.Status);
        Assert.StartsWith("application/problem+json", second.ContentType, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"used\"", second.Body, StringComparison.Ordinal);
        Assert.Equal("ineligible", (await host.OutcomeAsync(dossier.Id)).Status);
        Assert.Equal(410, (await host.ActionHttpAsync("GET", token)).Status);
    }

    [Fact]
    public async Task Link_ReplacedByAReminderThatActed_410SaysANewerLinkReplacedIt()
    {
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(30), c => c with { Schedule = c.Schedule with { StaffReminderEvery = Ami.Domain.Campaigns.IsoDuration.Parse("PT2S") } }));
        await host.StepAsync(dossier.Id, JourneySteps.Validation);
        var reminder = (await host.MailsAsync(dossier.Id, MailKind.StaffReminder, count: 2, role: RecipientRole.Staff)).First(m => m.To.Index == 0).Values![MailValues.ActionToken];
        var original = host.Notifier.To(dossier.Id, MailKind.ValidationRequest, RecipientRole.Staff).Single(m => m.To.Index == 0).Values![MailValues.ActionToken];
        Assert.NotEqual(original, reminder);

        Assert.Equal(200, (await host.ActionHttpAsync("POST", reminder, json: """{ "decision": "ineligible", "comment": "Hors région." }""")).Status);

        var replaced = await host.ActionHttpAsync("GET", original, accept: "text/html");
        Assert.Equal(410, replaced.Status);
        Assert.Contains("Un lien plus récent, envoyé en rappel, a remplacé celui-ci", replaced.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("déjà été utilisé", replaced.Body, StringComparison.Ordinal);
        var posted = await host.ActionHttpAsync("POST", original, json: """{ "decision": "eligible" }""");
        Assert.Equal(410, posted.Status);
        Assert.Contains("\"code\":\"replaced\"", posted.Body, StringComparison.Ordinal);
        var again = await host.ActionHttpAsync("POST", reminder, json: """{ "decision": "eligible" }""");
        Assert.Contains("\"code\":\"used\"", again.Body, StringComparison.Ordinal);
        Assert.Equal("ineligible", (await host.OutcomeAsync(dossier.Id)).Status);
    }

    [Fact]
    public async Task Post_TwoStaffDecideTheSameStepAtOnce_OneIsRecordedTheOtherGets409()
    {
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(30)));
        await host.StepAsync(dossier.Id, JourneySteps.Validation);
        var first = await host.LinkAsync(dossier.Id, JourneySteps.Validation, RecipientRole.Staff, index: 0);
        var second = await host.LinkAsync(dossier.Id, JourneySteps.Validation, RecipientRole.Staff, index: 1);

        var answers = await Task.WhenAll(
            host.DecideAsync(first, Bodies.Ineligible("Hors région.")),
            host.DecideAsync(second, Bodies.ChangesRequested("Ajoutez les statuts.")));

        Assert.Single(answers, a => a.Kind == ActionResultKind.Ok);
        var refused = Assert.Single(answers, a => a.Kind == ActionResultKind.Conflict);
        var won = answers.Single(a => a.Kind == ActionResultKind.Ok);
        Assert.Equal("already-decided", refused.Code);
        Assert.Equal(won.Claims!.Actor, refused.Decision!.Actor);
        Assert.Equal(won.Claims.Actor == "staff-0" ? "staff-0 (instruction1@region.example)" : "staff-1 (instruction2@region.example)", refused.DecidedBy);
        var winner = won.Decision!.Decision;
        if (winner == "ineligible")
        {
            // The journey ends on an ineligible decision: wait for it to complete.
            Assert.Equal("ineligible", (await host.OutcomeAsync(dossier.Id)).Status);
        }
        else
        {
            await host.StepAsync(dossier.Id, JourneySteps.Resubmission, attempt: 0);
        }

        Assert.Single(host.Timeline.Events(dossier.Id), e => e.Event.StartsWith("validation:", StringComparison.Ordinal));
        Assert.Equal(winner, (await host.Actions.GetStepDecisionAsync(dossier.Id, JourneySteps.Validation, 1, CancellationToken.None))!.Decision);
        if (winner != "ineligible")
        {
            await host.WithdrawAsync(dossier);
        }
    }

    /// <summary>
    /// A host killed after it recorded a decision and before it handed it to the journey leaves the link used and
    /// the journey waiting (found by <c>ChaosTests</c>): the person's retry (410 <c>used</c>) hands the recorded
    /// decision over, at once rather than at the next reminder.
    /// </summary>
    [Theory]
    [InlineData(true, 410)]   // killed after marking the link used: the retry is told the link was used
    [InlineData(false, 200)]  // killed after recording the step's decision, before marking the link: the retry acts
    public async Task Post_RetryOfALinkUsedJustBeforeACrash_HandsTheRecordedDecisionToTheJourney(bool linkMarked, int expected)
    {
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(30)));
        await host.StepAsync(dossier.Id, JourneySteps.Validation);
        var token = await host.LinkAsync(dossier.Id, JourneySteps.Validation, RecipientRole.Staff, index: 1);
        var link = await host.Actions.GetAsync(dossier.Id, JourneySteps.Validation, 1, "staff-1", CancellationToken.None);
        var decision = new StepDecision(dossier.Id, JourneySteps.Validation, 1, "staff-1", "ineligible", "Hors région.", new DecisionDetails(), DateTimeOffset.UtcNow);
        Assert.True(await host.Actions.TryDecideStepAsync(decision, CancellationToken.None));
        if (linkMarked)
        {
            Assert.True(await host.Actions.TryMarkAsync(link!, ActionLinkStatus.Used, decision, CancellationToken.None));
        }

        var retry = await host.ActionHttpAsync("POST", token, json: """{ "decision": "ineligible", "comment": "Hors région." }""");

        Assert.Equal(expected, retry.Status);
        using var soon = new CancellationTokenSource(TimeSpan.FromSeconds(20)); // the next reminder is a minute away
        var ended = await host.Client.WaitForInstanceCompletionAsync(dossier.Id, getInputsAndOutputs: true, soon.Token);
        Assert.Equal("ineligible", ended.ReadOutputAs<JourneyOutcome>()!.Status);
        Assert.Contains(host.Timeline.Events(dossier.Id), e => e.Event == "validation:ineligible" && e.Actor == "staff-1");
    }

    [Fact]
    public async Task Post_DecisionTheStepDoesNotOffer_400AndTheLinkStillWorks()
    {
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(30)));
        await host.StepAsync(dossier.Id, JourneySteps.Validation);
        var token = await host.LinkAsync(dossier.Id, JourneySteps.Validation, RecipientRole.Staff);

        var wrong = await host.ActionHttpAsync("POST", token, json: """{ "decision": "granted", "amount": 40000 }""");
        var noReason = await host.ActionHttpAsync("POST", token, json: """{ "decision": "ineligible" }""");
        var auditionWithoutPlace = await host.ActionHttpAsync("POST", token, json: """{ "decision": "eligible", "audition": true, "auditionAt": "2010-01-01T10:00:00+01:00" }""");

        Assert.Equal(400, wrong.Status);
        Assert.Contains("\"code\":\"decision-not-allowed\"", wrong.Body, StringComparison.Ordinal);
        Assert.Equal(400, noReason.Status);
        Assert.Contains("\"field\":\"comment\"", noReason.Body, StringComparison.Ordinal);
        Assert.Equal(400, auditionWithoutPlace.Status);
        var errors = Fields(auditionWithoutPlace.Body);
        Assert.Equal(["auditionAt", "auditionPlace"], errors.Order());
        Assert.Equal(200, (await host.ActionHttpAsync("POST", token, json: """{ "decision": "ineligible", "comment": "Hors champ." }""")).Status);
        await host.OutcomeAsync(dossier.Id);
    }

    [Fact]
    public async Task Post_JurorScoresWithSeveralMistakes_400ListsEveryFieldThenAValidSheetIsTaken()
    {
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(2)));
        await host.ToJuryAsync(dossier);
        var token = await host.LinkAsync(dossier.Id, JourneySteps.JuryScore, RecipientRole.Juror, index: 1);
        var scores = ScoringGrid.Annex1.Criteria.Skip(2).ToDictionary(c => c.Key, c => (object)2);
        scores["research"] = 4;
        scores["governance"] = "deux";
        scores["budget"] = 1;

        var answer = await host.ActionHttpAsync("POST", token, json: JsonSerializer.Serialize(new { decision = "scored", scores }));

        Assert.Equal(400, answer.Status);
        var fields = Fields(answer.Body);
        Assert.Contains("scores.beneficiaries", fields);
        Assert.Contains("scores.collective-diversity", fields);
        Assert.Contains("scores.research", fields);
        Assert.Contains("scores.governance", fields);
        Assert.Contains("scores.budget", fields);
        Assert.Equal(200, (await host.ActionHttpAsync("POST", token, json: JsonSerializer.Serialize(Bodies.Scored(2)))).Status);
        await host.WithdrawAsync(dossier);
    }

    [Fact]
    public async Task Post_CpGrantsAboveCapAndRequest_400WithBothRules()
    {
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(2)), requested: 30000m);
        await host.ToJuryAsync(dossier);
        var juror0 = await host.LinkAsync(dossier.Id, JourneySteps.JuryScore, RecipientRole.Juror, index: 0);
        var scores = Ami.Domain.Scoring.ScoringGrid.Annex1.Criteria.ToDictionary(c => c.Key, _ => 2);
        scores["research"] = -1;
        var negative = await host.ActionHttpAsync("POST", juror0, json: JsonSerializer.Serialize(Bodies.Scored(scores)));
        Assert.Equal(400, negative.Status);
        Assert.Equal([("scores.research", "out-of-range")], Errors(negative.Body));
        for (var juror = 0; juror < 3; juror++)
        {
            await host.DecideStepAsync(dossier.Id, JourneySteps.JuryScore, RecipientRole.Juror, Bodies.Scored(3), index: juror);
        }

        await host.StepAsync(dossier.Id, JourneySteps.JuryOpinion);
        var president = await host.LinkAsync(dossier.Id, JourneySteps.JuryOpinion, RecipientRole.JuryPresident);
        var proposedAsText = await host.ActionHttpAsync("POST", president, json: """{ "decision": "favourable", "proposedAmount": "trente mille", "comment": "Avis du jury." }""");
        Assert.Equal(400, proposedAsText.Status);
        Assert.Equal([("proposedAmount", "invalid-number")], Errors(proposedAsText.Body));
        await host.DecideStepAsync(dossier.Id, JourneySteps.JuryOpinion, RecipientRole.JuryPresident, Bodies.Favourable(30000m));
        await host.StepAsync(dossier.Id, JourneySteps.CpDecision);
        var token = await host.LinkAsync(dossier.Id, JourneySteps.CpDecision, RecipientRole.CpSecretariat);

        var tooMuch = await host.ActionHttpAsync("POST", token, json: """{ "decision": "granted", "amount": 45000.5, "cpDate": "2015-07-10" }""");
        var noDate = await host.ActionHttpAsync("POST", token, json: """{ "decision": "granted", "amount": 20000.123 }""");

        Assert.Equal(400, tooMuch.Status);
        Assert.Contains("\"code\":\"above-max-grant\"", tooMuch.Body, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"above-requested\"", tooMuch.Body, StringComparison.Ordinal);
        Assert.Equal(["amount", "cpDate"], Fields(noDate.Body).Order());
        var amountAsText = await host.ActionHttpAsync("POST", token, json: """{ "decision": "granted", "amount": "20000", "cpDate": "2015-07-10" }""");
        Assert.Equal(400, amountAsText.Status);
        Assert.Equal([("amount", "invalid-number")], Errors(amountAsText.Body));
        await host.WithdrawAsync(dossier);
    }

    [Fact]
    public async Task Get_JurorLink_FrenchPageWithTheGridEncodedDossierAndShortLivedFileLinks()
    {
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(2)));
        await host.ToJuryAsync(dossier);
        var token = await host.LinkAsync(dossier.Id, JourneySteps.JuryScore, RecipientRole.Juror, index: 0);

        var page = await host.ActionHttpAsync("GET", token);

        Assert.Equal(200, page.Status);
        Assert.StartsWith("text/html", page.ContentType, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"fr\">", page.Body, StringComparison.Ordinal);
        Assert.Contains("Association &lt;Les Jardins&gt; &amp; Partag", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("<Les Jardins>", page.Body, StringComparison.Ordinal);
        Assert.Contains("Évaluation par le jury", page.Body, StringComparison.Ordinal);
        foreach (var criterion in ScoringGrid.Annex1.Criteria)
        {
            Assert.Contains("name=\"scores." + criterion.Key + "\"", page.Body, StringComparison.Ordinal);
        }

        Assert.Equal(12 * 4, System.Text.RegularExpressions.Regex.Count(page.Body, "type=\"radio\""));
        Assert.Contains("https://blob.test/dossiers/" + dossier.Campaign.Id + "/" + dossier.Id + "/a1-statuts.pdf?sig=test&amp;minutes=15", page.Body, StringComparison.Ordinal);
        Assert.Contains("value=\"conflict\"", page.Body, StringComparison.Ordinal);

        // The page acts only on POST: opening it twice changed nothing.
        Assert.Equal(200, (await host.ActionHttpAsync("GET", token)).Status);
        Assert.Equal(JourneySteps.JuryScore, (await host.StepAsync(dossier.Id, JourneySteps.JuryScore)).Step);
        await host.WithdrawAsync(dossier);
    }

    [Fact]
    public async Task Links_TamperedOrForged_404AndFormPostAnswersAPage()
    {
        var dossier = await host.FileAsync(host.Campaign(TimeSpan.FromSeconds(30)));
        await host.StepAsync(dossier.Id, JourneySteps.Validation);
        var token = await host.LinkAsync(dossier.Id, JourneySteps.Validation, RecipientRole.Staff);
        var forger = new ActionLinkSigner(Microsoft.Extensions.Options.Options.Create(new Configuration.LinkSigningOptions { Current = Convert.ToBase64String(new byte[32]) }));
        var forged = forger.Sign(new ActionClaims(dossier.Id, JourneySteps.Validation, 1, "staff-0", ["eligible"], DateTimeOffset.UtcNow.AddDays(1)));
        var unknownActor = host.Signer.Sign(new ActionClaims(dossier.Id, JourneySteps.Validation, 1, "staff-9", ["eligible"], DateTimeOffset.UtcNow.AddDays(1)));
        var expired = host.Signer.Sign(new ActionClaims(dossier.Id, JourneySteps.Validation, 1, "staff-0", ["eligible"], DateTimeOffset.UtcNow.AddSeconds(-1)));

        Assert.Equal(404, (await host.ActionHttpAsync("GET", token[..^3] + "AAA")).Status);
        Assert.Equal(404, (await host.ActionHttpAsync("POST", forged, json: """{ "decision": "eligible" }""")).Status);
        Assert.Equal(404, (await host.ActionHttpAsync("GET", unknownActor)).Status);
        Assert.Equal(410, (await host.ActionHttpAsync("GET", expired)).Status);

        var page = await host.ActionHttpAsync("POST", token, form: new Dictionary<string, string> { ["decision"] = "changes-requested", ["comment"] = "Précisez le budget." }, accept: "text/html");
        Assert.Equal(200, page.Status);
        Assert.StartsWith("text/html", page.ContentType, StringComparison.Ordinal);
        Assert.Contains("Merci", page.Body, StringComparison.Ordinal);
        await host.StepAsync(dossier.Id, JourneySteps.Resubmission);
        await host.WithdrawAsync(dossier);
    }

    private static List<(string Field, string Code)> Errors(string problem) =>
        [.. JsonDocument.Parse(problem).RootElement.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("field").GetString()!, e.GetProperty("code").GetString()!))];

    private static List<string> Fields(string problem) =>
        [.. JsonDocument.Parse(problem).RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()!)];

}
