using System.Net;
using System.Text.Json.Nodes;
using Ami.Testing;
using static Ami.LocalHost.Tests.EndToEnd.TestCampaigns;

namespace Ami.LocalHost.Tests.EndToEnd;

/// <summary>
/// Every timed path of the journey, end to end on the local host PROCESS (real engine on Azurite, real SendGrid
/// client to the capture), with campaigns counted in seconds. Each test asserts the exact inbox of every person
/// about its dossier (kinds, in order) and the dossier's end state. The four paths run at once on one site
/// (<see cref="TimedPathsSite"/>): their waits overlap, so the class lasts about as long as the longest path.
/// </summary>
public sealed class TimedPathsEndToEndTests(TimedPathsSite paths) : IClassFixture<TimedPathsSite>
{
    [Fact]
    public Task ChangesRequested_RemindedTwiceThenTheCallCloses_Ineligible() => paths.ChangesThenClose;

    [Fact]
    public Task Validation_StaffRemindedEveryPeriod_OlderLinksSayANewerOneReplacedThem() => paths.StaffReminders;

    [Fact]
    public Task Jury_LateJurorRemindedThenStaffAlertedWithOneSheet_LateSheetCompletesTheJury() => paths.Jury;

    [Fact]
    public Task Bilan_RemindedDueOverdueAndStaffReminded_LateBilanAcceptedRestPaidAndClosed() => paths.Bilan;
}

/// <summary>One local host process on its own Azurite, and the four timed paths started on it at once.</summary>
public sealed class TimedPathsSite : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();
    private AmiSite? _site;

    internal Task ChangesThenClose { get; private set; } = Task.CompletedTask;

    internal Task StaffReminders { get; private set; } = Task.CompletedTask;

    internal Task Jury { get; private set; } = Task.CompletedTask;

    internal Task Bilan { get; private set; } = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _site = await AmiSite.StartAsync(_azurite.ConnectionString, "timed");
        ChangesThenClose = TimedPaths.ChangesThenCloseAsync(_site);
        StaffReminders = TimedPaths.StaffRemindersAsync(_site);
        Jury = TimedPaths.JuryAsync(_site);
        Bilan = TimedPaths.BilanAsync(_site);
    }

    public async Task DisposeAsync()
    {
        // Every path is over (or failed) before the site goes away.
        await Task.WhenAll(ChangesThenClose, StaffReminders, Jury, Bilan).ContinueWith(_ => { }, TaskScheduler.Default);
        if (_site is not null)
        {
            await _site.DisposeAsync();
        }

        await _azurite.DisposeAsync();
    }
}

/// <summary>The four timed paths, each on its own campaign and dossier.</summary>
internal static class TimedPaths
{
    /// <summary>(a) Changes requested and no answer: two reminders before the close, then ineligible at the close.</summary>
    public static async Task ChangesThenCloseAsync(AmiSite site)
    {
        var id = NewId("tca");
        var lastSecond = DateTimeOffset.UtcNow.AddSeconds(30);
        await site.PostCampaignAsync(Campaign(id, lastSecond, c =>
        {
            c["changesRemindersBeforeDeadline"] = new JsonArray("PT10S", "PT5S");
            c["staffReminderEvery"] = "PT5M";
        }));
        var dossier = await site.SubmitSampleAsync(id);
        var request = await site.WaitForMailAsync(Staff, "validation-request", dossier.Id);
        await site.ActOnAsync(request, new Dictionary<string, string> { ["decision"] = "changes-requested", ["comment"] = "Joignez le budget détaillé." });

        var ineligible = await site.WaitForMailAsync(Holder, "ineligible", dossier.Id, TimeSpan.FromSeconds(90));
        var closesAt = ClosesAt(lastSecond);
        AssertCameWith(ineligible, closesAt);
        Assert.Contains("clôture", ineligible.PlainText, StringComparison.Ordinal);
        var reminders = await site.WaitForMailsAsync(Holder, "changes-reminder", dossier.Id, 2);
        Assert.All(reminders, r => Assert.True(r.ReceivedAt < closesAt, $"reminder at {r.ReceivedAt:O}, after the close"));
        Assert.All(reminders, r => Assert.Contains("Joignez le budget détaillé.", r.PlainText, StringComparison.Ordinal));

        Assert.Equal(["receipt", "changes-requested", "changes-reminder", "changes-reminder", "ineligible"], await InboxAsync(site, Holder, dossier.Id));
        Assert.Equal(["validation-request"], await InboxAsync(site, Staff, dossier.Id));
        var view = await site.WaitForStatusAsync(dossier, "ineligible");
        Assert.Equal(["submitted", "validation:changes-requested", "changes-requested:deadline-passed"], AmiSite.Events(view));
    }

    /// <summary>(b) Nobody decides: staff are reminded every period with a fresh link; the older links then say a newer one replaced them.</summary>
    public static async Task StaffRemindersAsync(AmiSite site)
    {
        var id = NewId("tcb");
        await site.PostCampaignAsync(Campaign(id, DateTimeOffset.UtcNow.AddMinutes(10), c => c["staffReminderEvery"] = "PT6S"));
        var dossier = await site.SubmitSampleAsync(id);
        var request = await site.WaitForMailAsync(Staff, "validation-request", dossier.Id);
        var reminders = await site.WaitForMailsAsync(Staff, "staff-reminder", dossier.Id, 2, TimeSpan.FromSeconds(60));
        Assert.All(reminders, r => Assert.Contains("attend la validation du dossier depuis le", r.PlainText, StringComparison.Ordinal));
        var links = new[] { request, reminders[0], reminders[1] }.Select(m => m.ActionLink(AmiSite.PublicBaseUrl)).ToList();
        Assert.Equal(3, links.Distinct().Count());

        await site.ActOnAsync(reminders[1], FormAnswers.Eligible());
        await site.WaitForMailAsync(Holder, "eligible", dossier.Id);

        foreach (var older in links.Take(2))
        {
            var (status, text) = await site.GetPageAsync(older);
            Assert.Equal(HttpStatusCode.Gone, status);
            Assert.Contains("Un lien plus récent, envoyé en rappel, a remplacé celui-ci", text, StringComparison.Ordinal);
            Assert.DoesNotContain("déjà été utilisé", text, StringComparison.Ordinal);
        }

        var (usedStatus, usedText) = await site.GetPageAsync(links[2]);
        Assert.Equal(HttpStatusCode.Gone, usedStatus);
        Assert.Contains("Ce lien a déjà été utilisé", usedText, StringComparison.Ordinal);

        // Decided: no reminder any more (one more period waited).
        await Task.Delay(TimeSpan.FromSeconds(7));
        Assert.Equal(["validation-request", "staff-reminder", "staff-reminder"], await InboxAsync(site, Staff, dossier.Id));
        Assert.Equal(["receipt", "eligible"], await InboxAsync(site, Holder, dossier.Id));
        var view = await site.WaitForStatusAsync(dossier, "eligible");
        Assert.Equal(["submitted", "validation:eligible"], AmiSite.Events(view));
    }

    /// <summary>(c) One juror scores, the other is reminded, staff are alerted when the jury is due with one sheet, the late sheet completes the jury.</summary>
    public static async Task JuryAsync(AmiSite site)
    {
        var id = NewId("tcc");
        var lastSecond = DateTimeOffset.UtcNow.AddSeconds(15);
        await site.PostCampaignAsync(Campaign(id, lastSecond, c =>
        {
            c["juryRemindersBeforeDue"] = new JsonArray("PT8S");
            c["staffReminderEvery"] = "PT5M";
        }, juryDueAfterClose: "PT16S"));
        var dossier = await site.SubmitSampleAsync(id);
        await site.ActOnAsync(await site.WaitForMailAsync(Staff, "validation-request", dossier.Id), FormAnswers.Eligible());

        var closesAt = ClosesAt(lastSecond);
        var due = closesAt.AddSeconds(16);
        var first = await site.WaitForMailAsync(Juror1, "jury-invitation", dossier.Id, TimeSpan.FromSeconds(90));
        var second = await site.WaitForMailAsync(Juror2, "jury-invitation", dossier.Id);
        AssertCameWith(first, closesAt);
        AssertCameWith(second, closesAt);
        await JourneyWalk.ScoreAsync(site, first, level: 2);

        var reminder = await site.WaitForMailAsync(Juror2, "jury-reminder", dossier.Id);
        Assert.True(reminder.ReceivedAt < due, $"reminder at {reminder.ReceivedAt:O}, the jury was due at {due:O}");
        var escalation = await site.WaitForMailAsync(Staff, "jury-escalation", dossier.Id);
        AssertCameWith(escalation, due);
        Assert.Contains("Jury incomplet : 1 évaluation reçue", escalation.Subject, StringComparison.Ordinal);
        Assert.Contains("seulement 1 grille d'évaluation reçue", escalation.PlainText, StringComparison.Ordinal);
        Assert.Equal("jury", (await site.GetDossierAsync(dossier)).GetProperty("status").GetString());

        // The late juror scores from the reminder's link: two sheets, the jury's president is asked for the opinion.
        await JourneyWalk.ScoreAsync(site, reminder, level: 3);
        await site.WaitForMailAsync(President, "jury-opinion-request", dossier.Id);
        var view = await site.GetDossierAsync(dossier);
        Assert.Equal(2, view.GetProperty("jury").GetProperty("sheets").GetInt32());
        Assert.Equal(["submitted", "validation:eligible", "jury:opened", "jury:scored"], AmiSite.Events(view));

        Assert.Equal(["jury-invitation"], await InboxAsync(site, Juror1, dossier.Id));
        Assert.Equal(["jury-invitation", "jury-reminder"], await InboxAsync(site, Juror2, dossier.Id));
        Assert.Equal(["validation-request", "jury-escalation"], await InboxAsync(site, Staff, dossier.Id));
        Assert.Equal(["jury-opinion-request"], await InboxAsync(site, President, dossier.Id));
        Assert.Equal(["receipt", "eligible"], await InboxAsync(site, Holder, dossier.Id));
    }

    /// <summary>(d) No bilan: a reminder, due, overdue (holder and staff), staff reminded every period; the late bilan is accepted and the rest paid.</summary>
    public static async Task BilanAsync(AmiSite site)
    {
        var id = NewId("tcd");
        var lastSecond = DateTimeOffset.UtcNow.AddSeconds(12);
        await site.PostCampaignAsync(Campaign(id, lastSecond, c =>
        {
            c["bilanRemindersBeforeDue"] = new JsonArray("PT5S");
            c["bilanRemindersAfterDue"] = new JsonArray("PT3S");
            c["staffReminderEvery"] = "PT6S";
        }, bilanDueAfter: "PT10S"));
        var dossier = await site.SubmitSampleAsync(id);
        await JourneyWalk.ValidateAsync(site, dossier);
        await JourneyWalk.ScoreAsync(site, await site.WaitForMailAsync(Juror1, "jury-invitation", dossier.Id, TimeSpan.FromSeconds(90)), level: 2);
        await JourneyWalk.ScoreAsync(site, await site.WaitForMailAsync(Juror2, "jury-invitation", dossier.Id), level: 3);
        var today = FormAnswers.TodayInParis();
        await JourneyWalk.OpinionAndGrantAsync(site, dossier, today);
        await site.DeclareStartAsync(dossier, today);

        await site.WaitForMailAsync(Holder, "bilan-reminder", dossier.Id);
        await site.WaitForMailAsync(Holder, "bilan-overdue", dossier.Id);
        await site.WaitForMailAsync(Staff, "bilan-overdue", dossier.Id);
        Assert.Equal("bilan-due", (await site.GetDossierAsync(dossier)).GetProperty("status").GetString());
        var staffReminders = await Eventually.GetAsync("two staff reminders about the bilan", async () =>
        {
            var about = (await site.MailsToAsync(Staff)).Where(m => m.DossierId == dossier.Id && m.Kind == "staff-reminder" && IsAboutTheBilan(m)).ToList();
            return (about.Count >= 2, about, $"{about.Count} so far");
        });
        Assert.All(staffReminders, m => Assert.Contains("la remise du bilan de la première année par le porteur", m.PlainText, StringComparison.Ordinal));

        // Three periods after the due date, the late bilan is still taken; staff accept it; the 30 % is released.
        var handedIn = await site.HandInBilanAsync(dossier, FormAnswers.BilanReport, FormAnswers.Bilan);
        Assert.Equal("bilan-submitted", handedIn.GetProperty("status").GetString());
        await site.ActOnAsync(await site.WaitForMailAsync(Staff, "bilan-validation-request", dossier.Id), FormAnswers.BilanAccepted());
        await site.WaitForMailAsync(Holder, "closed", dossier.Id);
        var closed = await site.WaitForStatusAsync(dossier, "closed");
        Assert.Equal(
            [(1, 70, JourneyWalk.FirstInstalmentCents, "released"), (2, 30, JourneyWalk.SecondInstalmentCents, "released")],
            JourneyWalk.Instalments(closed));
        Assert.Equal(
            ["cp:granted", "started", "instalment-1-released", "bilan:due", "bilan:submitted", "bilan-validation:accepted", "instalment-2-released", "closed"],
            AmiSite.Events(closed).SkipWhile(e => e != "cp:granted"));

        Assert.Equal(
            ["receipt", "eligible", "decision-granted", "start-acknowledged", "bilan-reminder", "bilan-overdue", "bilan-received", "closed"],
            await InboxAsync(site, Holder, dossier.Id));

        // Staff: reminders about earlier steps may come when the machine is slow; those about the bilan are exactly two.
        var staff = (await site.MailsToAsync(Staff)).Where(m => m.DossierId == dossier.Id && (m.Kind != "staff-reminder" || IsAboutTheBilan(m))).Select(m => m.Kind);
        Assert.Equal(["validation-request", "bilan-overdue", "staff-reminder", "staff-reminder", "bilan-validation-request"], staff);
        Assert.Equal(["payment-order", "payment-order"], await InboxAsync(site, Finance, dossier.Id));
    }

    /// <summary>
    /// <paramref name="mail"/> was sent by the timer of <paramref name="instant"/>, not by an earlier one: the engine
    /// handles a durable timer up to about half a second before its instant (the journey then takes that timer for
    /// its instant, by design), so the mail may leave a moment before it; the timers before it are seconds earlier.
    /// </summary>
    private static void AssertCameWith(CapturedMail mail, DateTimeOffset instant) =>
        Assert.True(mail.ReceivedAt >= instant.AddSeconds(-1.5), $"{mail.Kind} at {mail.ReceivedAt:O}, well before {instant:O}");

    private static bool IsAboutTheBilan(CapturedMail mail) =>
        mail.CustomArgs.TryGetValue("step", out var step) && step.StartsWith("bilan#1:", StringComparison.Ordinal);

    /// <summary>The kinds of the mails <paramref name="address"/> received about <paramref name="dossierId"/>, oldest first.</summary>
    private static async Task<IReadOnlyList<string>> InboxAsync(AmiSite site, string address, string dossierId) =>
        [.. (await site.MailsToAsync(address)).Where(m => m.DossierId == dossierId).Select(m => m.Kind)];

    private static JsonObject Campaign(string id, DateTimeOffset lastSecond, Action<JsonObject> schedule, string? juryDueAfterClose = null, string? bilanDueAfter = null)
    {
        var campaign = InSeconds(id, lastSecond);
        schedule((JsonObject)campaign["schedule"]!);
        if (juryDueAfterClose is not null)
        {
            campaign["juryDueAfterClose"] = juryDueAfterClose;
        }

        if (bilanDueAfter is not null)
        {
            campaign["bilanDueAfter"] = bilanDueAfter;
        }

        return campaign;
    }
}
