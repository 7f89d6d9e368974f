using System.Diagnostics;
using Ami.Testing;
using Xunit.Abstractions;
using static Ami.LocalHost.Tests.EndToEnd.TestCampaigns;

namespace Ami.LocalHost.Tests.EndToEnd;

/// <summary>
/// A dossier from its filing to <c>closed</c>, against the local host PROCESS on Azurite: only HTTP, links
/// taken from the mails the host sent to its SendGrid capture, pages read and forms posted as a browser does.
/// </summary>
[Collection(EndToEndJourneyCollection.Name)]
public sealed class JourneyEndToEndTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task Dossier_FromSubmissionToClosed_BothInstalmentsReleasedAndAddUpToTheGrant()
    {
        var watch = Stopwatch.StartNew();
        await using var site = await AmiSite.StartAsync(azurite.ConnectionString, "e2e");
        site.Log = note => output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s: {note}");
        output.WriteLine($"host started in {watch.Elapsed.TotalSeconds:0.0} s");

        // Staff open a call closing in a few seconds, its waits counted in seconds.
        var campaignId = NewId("e2e");
        var lastSecond = DateTimeOffset.UtcNow.AddSeconds(12);
        await site.PostCampaignAsync(InSeconds(campaignId, lastSecond));

        // The holder files the sample dossier and gets a receipt.
        var dossier = await site.SubmitSampleAsync(campaignId);
        Assert.StartsWith(campaignId.ToUpperInvariant() + "-", dossier.Reference, StringComparison.Ordinal);
        var receipt = await site.WaitForMailAsync(Holder, "receipt", dossier.Id);
        Assert.Contains(dossier.Reference, receipt.Subject, StringComparison.Ordinal);

        // Staff declare it eligible from the link of their mail.
        await JourneyWalk.ValidateAsync(site, dossier);
        var eligible = await site.WaitForStatusAsync(dossier, "eligible");
        Assert.Equal(["submitted", "validation:eligible"], AmiSite.Events(eligible));
        output.WriteLine($"validated at {watch.Elapsed.TotalSeconds:0.0} s");

        // Nothing goes to the jury before the call closes; then each juror gets a link and scores.
        var invitations = new List<CapturedMail>();
        foreach (var juror in new[] { Juror1, Juror2 })
        {
            invitations.Add(await site.WaitForMailAsync(juror, "jury-invitation", dossier.Id, TimeSpan.FromSeconds(90)));
        }

        var closesAt = ClosesAt(lastSecond);
        Assert.All(invitations, m => Assert.True(m.ReceivedAt >= closesAt, $"{m} came before the call closed at {closesAt:O}"));
        await site.WaitForStatusAsync(dossier, "jury");
        await JourneyWalk.ScoreAsync(site, invitations[0], level: 2);
        await JourneyWalk.ScoreAsync(site, invitations[1], level: 3);
        output.WriteLine($"jury scored at {watch.Elapsed.TotalSeconds:0.0} s");

        // The jury's president and the Commission permanente: granted.
        var today = FormAnswers.TodayInParis();
        await JourneyWalk.OpinionAndGrantAsync(site, dossier, today);
        output.WriteLine($"granted at {watch.Elapsed.TotalSeconds:0.0} s");

        // Start (70 %), bilan, accepted (30 %), closed.
        var closed = await JourneyWalk.StartBilanAndCloseAsync(site, dossier, today);
        output.WriteLine($"closed at {watch.Elapsed.TotalSeconds:0.0} s");

        JourneyWalk.AssertTimelineOfAClosedDossier(closed);
        Assert.Equal(["annual-accounts", "bilan-report", "statutes"], closed.GetProperty("attachments").EnumerateArray().Select(a => a.GetProperty("kind").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal("granted", closed.GetProperty("decision").GetProperty("decision").GetString());
        Assert.Equal(28333.33m, closed.GetProperty("decision").GetProperty("amount").GetDecimal());
        Assert.Equal(2, closed.GetProperty("jury").GetProperty("sheets").GetInt32());

        // Each mail of the journey was sent once: the holder's inbox tells the whole story, in order.
        var holderMails = (await site.MailsToAsync(Holder)).Where(m => m.DossierId == dossier.Id).Select(m => m.Kind).Where(k => k is not ("bilan-reminder" or "bilan-overdue"));
        Assert.Equal(["receipt", "eligible", "decision-granted", "start-acknowledged", "bilan-received", "closed"], holderMails);
    }
}
