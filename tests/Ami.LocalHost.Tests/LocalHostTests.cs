using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ami.LocalHost.Campaigns;
using Ami.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace Ami.LocalHost.Tests;

public sealed class LocalHostTests(LocalHostFixture fixture) : IClassFixture<LocalHostFixture>
{
    private readonly AmiLocalHost _host = fixture.Host;
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task Health_StorageReachable_Returns200()
    {
        using var response = await _http.GetAsync(new Uri("/api/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal("reachable", body.GetProperty("taskHub").GetString());
    }

    [Fact]
    public async Task StaffRoute_WithoutKey_Returns401ProblemJson()
    {
        using var response = await _http.GetAsync(new Uri("/api/test/staff", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Equal("staff-key-required", problem.GetProperty("code").GetString());
        Assert.Contains("x-functions-key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffRoute_WrongKey_Returns401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/test/staff");
        request.Headers.Add("x-functions-key", InProcessLocalHost.TestStaffKey + "x");
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task StaffRoute_KeyInHeaderOrCodeQuery_Passes()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/test/staff");
        request.Headers.Add("x-functions-key", InProcessLocalHost.TestStaffKey);
        using var byHeader = await _http.SendAsync(request);
        using var byQuery = await _http.GetAsync(new Uri("/api/test/staff?code=" + InProcessLocalHost.TestStaffKey, UriKind.Relative));

        Assert.Equal("staff ok", await byHeader.Content.ReadAsStringAsync());
        Assert.Equal("staff ok", await byQuery.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Mail_SentByTheAppsSendGridClient_ListedAtDevMails()
    {
        // The app's own SendGrid client (registered by AddAmiWorkflow); by default it targets the host itself.
        var client = _host.Services.GetRequiredService<ISendGridClient>();
        var to = $"porteur-{Guid.NewGuid():N}@example.org";
        var message = MailHelper.CreateSingleEmail(
            new EmailAddress("ne-pas-repondre@ami.region.example", "Région"),
            new EmailAddress(to),
            "Dossier reçu – AMI-DEMO-0001",
            "Votre dossier a bien été reçu.",
            "<p>Votre dossier a bien été reçu.</p>");

        var sent = await client.SendEmailAsync(message);
        var mails = await _http.GetFromJsonAsync<JsonElement>(new Uri("/dev/mails?to=" + Uri.EscapeDataString(to), UriKind.Relative));

        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        Assert.Equal(_host.BaseUrl.ToString().TrimEnd('/'), _host.App.Configuration["SendGrid:Host"]);
        var mail = Assert.Single(mails.EnumerateArray());
        Assert.Equal("Dossier reçu – AMI-DEMO-0001", mail.GetProperty("subject").GetString());
        Assert.Equal("Votre dossier a bien été reçu.", mail.GetProperty("text").GetString());
        Assert.Single(_host.Mails.Mails, m => m.To.Contains(to));
    }

    [Fact]
    public async Task Start_DemoCampaign_StoredOpenAndListedLast()
    {
        // The campaign files are seeded by the workflow's storage initializer (StorageAdapterTests);
        // the local host adds the demo campaign, open now and closing in about three days.
        var ids = (await fixture.Campaigns.ListAsync(CancellationToken.None)).Select(c => c.Id).ToList();
        var demo = await fixture.Campaigns.GetAsync(DemoCampaign.Id, CancellationToken.None);
        var now = DateTimeOffset.UtcNow;

        Assert.NotNull(demo);
        Assert.True(demo.OpensAt < now, "the demo campaign is open");
        Assert.False(demo.Deadline.IsPassed(now));
        Assert.InRange(demo.Deadline.ClosesAt - now, TimeSpan.FromDays(2), TimeSpan.FromDays(4));
        var loaded = _host.Services.GetRequiredService<CampaignLoader>().Loaded;
        Assert.Equal(DemoCampaign.Id, loaded[^1]);
        Assert.Equal(ids.Order(StringComparer.Ordinal), loaded.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RequestBody_UpTo100MB_AcceptedAsInAzureFunctions()
    {
        var size = 40 * 1024 * 1024; // over Kestrel's default 30 MB, under the Functions host's 100 MB
        using var accepted = await _http.PostAsync(new Uri("/test/body-size", UriKind.Relative), new ByteArrayContent(new byte[size]));
        using var tooLarge = new HttpRequestMessage(HttpMethod.Post, "/test/body-size") { Content = new ByteArrayContent(new byte[AmiLocalHost.MaxRequestBodyBytes + 1]) };
        tooLarge.Headers.ExpectContinue = true; // the answer comes before the body is sent
        using var refused = await _http.SendAsync(tooLarge);

        Assert.Equal(size.ToString(System.Globalization.CultureInfo.InvariantCulture), await accepted.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Client_TestOrchestrationWithDurableTimer_Completes()
    {
        var id = await _host.Client.ScheduleNewOrchestrationInstanceAsync(LocalHostFixture.EchoOrchestration, "bonjour");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var done = await _host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("echo:bonjour", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Timer_EverySecondSchedule_RunsRepeatedly()
    {
        var before = fixture.TimerRuns;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (fixture.TimerRuns < before + 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.True(fixture.TimerRuns >= before + 2, $"ran {fixture.TimerRuns - before} times in 15 s");
    }

    [Fact]
    public async Task DraftRemindersTimer_ResolvesItsJobFromTheHostsServices_AndRunsIt()
    {
        // The host's own table (this fixture runs a test timer instead).
        var timer = Assert.Single(Ami.LocalHost.Timers.AmiTimers.MapAmiTimers(new Ami.LocalHost.Timers.LocalTimerTable()).Timers, t => t.Name == "DraftReminders");
        Assert.Equal(Ami.Workflow.Drafts.DraftReminderJob.Schedule, timer.Schedule);

        await using var scope = _host.Services.CreateAsyncScope();
        await timer.Run(scope.ServiceProvider, CancellationToken.None);
    }
}
