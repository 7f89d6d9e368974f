using System.Diagnostics;
using System.Text.Json.Nodes;
using Ami.Testing;
using Xunit.Abstractions;
using static Ami.LocalHost.Tests.EndToEnd.TestCampaigns;

namespace Ami.LocalHost.Tests.EndToEnd;

/// <summary>
/// The local host process is killed (-9) while the jury is out; a new process on the same Azurite and task
/// hub fires the durable timer the killed one armed, and the dossier goes on to <c>closed</c>.
/// </summary>
[Collection(EndToEndRestartCollection.Name)]
public sealed class RestartEndToEndTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    /// <summary>
    /// The jury reminder comes this long after the call closes: after the kill, even on a slow machine (the engine
    /// polls an idle queue less and less often, up to every 30 s, so the call's closing may itself fire late).
    /// </summary>
    private static readonly TimeSpan ReminderAfterClose = TimeSpan.FromSeconds(25);

    [Fact]
    public async Task Journey_HostKilledWhileTheJuryIsOut_NewProcessFiresTheArmedTimerAndClosesTheDossier()
    {
        var watch = Stopwatch.StartNew();
        await using var site = await AmiSite.StartAsync(azurite.ConnectionString, "e2erestart");
        site.Log = note => output.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s: {note}");

        // The jury is due 55 s after the close and reminded 30 s before: 25 s after the close.
        var campaignId = NewId("e2e-restart");
        var lastSecond = DateTimeOffset.UtcNow.AddSeconds(12);
        var campaign = InSeconds(campaignId, lastSecond);
        campaign["juryDueAfterClose"] = "PT55S";
        campaign["schedule"]!["juryRemindersBeforeDue"] = new JsonArray("PT30S");
        await site.PostCampaignAsync(campaign);
        var reminderAt = ClosesAt(lastSecond) + ReminderAfterClose;

        var dossier = await site.SubmitSampleAsync(campaignId);
        await site.WaitForMailAsync(Holder, "receipt", dossier.Id);
        await JourneyWalk.ValidateAsync(site, dossier);
        var invitation = await site.WaitForMailAsync(Juror1, "jury-invitation", dossier.Id, TimeSpan.FromSeconds(90));
        await site.WaitForMailAsync(Juror2, "jury-invitation", dossier.Id);

        // The juror's page offers the form: the journey has committed its wait for the jury (nothing in flight).
        // Opening the page does not use the link.
        await site.OpenLinkAsync(invitation.ActionLink(AmiSite.PublicBaseUrl));
        Assert.True(DateTimeOffset.UtcNow < reminderAt - TimeSpan.FromSeconds(3),
            $"the machine was too slow to kill the host before the jury reminder ({reminderAt:O}); the test cannot tell which process fired it");
        var before = await site.GetDossierAsync(dossier);
        Assert.Equal("jury", before.GetProperty("status").GetString());

        var (killedPid, newPid) = await site.KillAndRestartAsync();
        Assert.NotEqual(killedPid, newPid);
        output.WriteLine($"process {killedPid} killed, {newPid} serving at {watch.Elapsed.TotalSeconds:0.0} s");

        // The new process's capture starts empty: the reminder in it was sent by the timer the killed process armed.
        var reminder = await site.WaitForMailAsync(Juror2, "jury-reminder", dossier.Id, TimeSpan.FromSeconds(90));
        // (Queue messages become visible to the second: a durable timer may fire a fraction of a second early.)
        Assert.True(reminder.ReceivedAt >= reminderAt - TimeSpan.FromSeconds(1), $"{reminder} at {reminder.ReceivedAt:O}, before its timer ({reminderAt:O})");
        output.WriteLine($"jury reminder fired in the new process at {watch.Elapsed.TotalSeconds:0.0} s");

        // Juror 1 clicks the link mailed by the killed process; juror 2 the reminder's.
        await JourneyWalk.ScoreAsync(site, invitation, level: 2);
        await JourneyWalk.ScoreAsync(site, reminder, level: 3);

        var today = FormAnswers.TodayInParis();
        await JourneyWalk.OpinionAndGrantAsync(site, dossier, today);
        var closed = await JourneyWalk.StartBilanAndCloseAsync(site, dossier, today);
        output.WriteLine($"closed at {watch.Elapsed.TotalSeconds:0.0} s");

        JourneyWalk.AssertTimelineOfAClosedDossier(closed);

        // What the killed process had done was not done again: no second receipt, eligibility or invitation.
        var resent = (await site.MailsToAsync(Holder)).Concat(await site.MailsToAsync(Juror1)).Concat(await site.MailsToAsync(Staff))
            .Where(m => m.DossierId == dossier.Id && m.Kind is "receipt" or "eligible" or "validation-request" or "jury-invitation");
        Assert.Empty(resent);
    }
}
