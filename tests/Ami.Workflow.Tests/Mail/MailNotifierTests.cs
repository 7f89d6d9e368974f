using System.Net;
using System.Net.Http.Headers;
using Ami.Testing;
using Ami.Workflow.Configuration;
using Ami.Workflow.Mail;
using Ami.Workflow.Ports;
using Ami.Workflow.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SendGrid;

namespace Ami.Workflow.Tests.Mail;

/// <summary>
/// The notifier as composed by <c>AddAmiMail</c>: the real SendGrid SDK over HTTP to a SendGrid-compatible
/// capture server, and Table <c>SentMails</c> on a real Azurite (this class's own: xunit v2 only sees
/// collection definitions declared in the test assembly itself).
/// </summary>
public sealed class MailNotifierTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private readonly FakeDossierStore _dossiers = new();
    private SendGridCaptureServer _sendGrid = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _sendGrid = await SendGridCaptureServer.StartAsync();
        _services = Compose(Settings());
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _sendGrid.DisposeAsync();
    }

    [Fact]
    public async Task SendAsync_Receipt_PostsTheJsonSendGridDocuments()
    {
        var id = NewDossier();

        await Notifier.SendAsync(MailTestData.Notification(MailKind.Receipt, id, "receipt#1"), default);

        var mail = Assert.Single(_sendGrid.Capture.Mails);
        var raw = mail.Raw;
        Assert.Equal("Bearer SG.test-key", mail.Authorization);
        var personalization = raw["personalizations"]!.AsArray().Single()!;
        Assert.Equal("jeanne@example.org", personalization["to"]!.AsArray().Single()!["email"]!.GetValue<string>());
        Assert.Equal("ne-pas-repondre@ami.region.example", raw["from"]!["email"]!.GetValue<string>());
        Assert.Equal("Région – AMI Innovation sociale", raw["from"]!["name"]!.GetValue<string>());
        Assert.Equal("ami.is@aquitaine.fr", raw["reply_to"]!["email"]!.GetValue<string>());
        Assert.Equal("AMI-IS-2015-0001 – Accusé de réception de votre dossier", raw["subject"]!.GetValue<string>());
        var content = raw["content"]!.AsArray();
        Assert.Equal(["text/plain", "text/html"], content.Select(c => c!["type"]!.GetValue<string>()));
        Assert.Contains("https://ami.region.example/api/dossiers/" + id, content[0]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html>", content[1]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["ami", "receipt"], raw["categories"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(id, mail.CustomArgs["dossier_id"]);
        Assert.Equal("receipt#1", mail.CustomArgs["step"]);
        Assert.Equal("receipt", mail.CustomArgs["kind"]);
        Assert.Equal("ami-is-2015", mail.CustomArgs["campaign_id"]);
        Assert.DoesNotContain(mail.CustomArgs.Values.Concat(mail.Categories), v => v.Contains('@', StringComparison.Ordinal) || v.Contains("Jardins", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task SendAsync_TransientThenAccepted_RetriedOnceOneMail(int status)
    {
        var id = NewDossier();
        _sendGrid.Capture.ScriptedStatuses.Enqueue(status);

        await Notifier.SendAsync(MailTestData.Notification(MailKind.Eligible, id), default);

        Assert.Equal(2, _sendGrid.Capture.Attempts);
        Assert.Single(_sendGrid.Capture.Mails);
    }

    [Fact]
    public async Task SendAsync_BadRequest_NotRetriedAndNotRetryable()
    {
        var id = NewDossier();
        _sendGrid.Capture.ScriptedStatuses.Enqueue(400);

        var e = await Assert.ThrowsAsync<MailRejectedException>(() => Notifier.SendAsync(MailTestData.Notification(MailKind.Eligible, id), default));

        Assert.Equal(400, e.StatusCode);
        Assert.Equal(1, _sendGrid.Capture.Attempts);
        Assert.Empty(_sendGrid.Capture.Mails);
    }

    [Fact]
    public async Task SendAsync_AlwaysUnavailable_StopsAfterMaxAttempts()
    {
        var id = NewDossier();
        for (var i = 0; i < 6; i++)
        {
            _sendGrid.Capture.ScriptedStatuses.Enqueue(503);
        }

        var e = await Assert.ThrowsAsync<MailUnavailableException>(() => Notifier.SendAsync(MailTestData.Notification(MailKind.Eligible, id), default));

        Assert.Equal(503, e.StatusCode);
        Assert.Equal(4, _sendGrid.Capture.Attempts);
        Assert.Empty(_sendGrid.Capture.Mails);
    }

    [Fact]
    public async Task SendAsync_SendGridUnreachable_RetriedThenUnavailable()
    {
        var settings = Settings();
        settings["SendGrid:Host"] = "http://127.0.0.1:1";
        await using var services = Compose(settings);
        var id = NewDossier();

        var e = await Assert.ThrowsAsync<MailUnavailableException>(() =>
            services.GetRequiredService<INotifier>().SendAsync(MailTestData.Notification(MailKind.Eligible, id), default));

        Assert.IsType<HttpRequestException>(e.InnerException);
    }

    [Fact]
    public async Task SendAsync_SameNotificationTwice_OneMail()
    {
        var id = NewDossier();
        var n = MailTestData.Notification(MailKind.ValidationRequest, id, "validation#1");

        await Notifier.SendAsync(n, default);
        await Notifier.SendAsync(n, default);

        Assert.Single(_sendGrid.Capture.Mails);
        Assert.Equal(1, _sendGrid.Capture.Attempts);
    }

    [Fact]
    public async Task SendAsync_AfterARejectedAttempt_SendsWhenRetried()
    {
        var id = NewDossier();
        var n = MailTestData.Notification(MailKind.Eligible, id);
        _sendGrid.Capture.ScriptedStatuses.Enqueue(401);
        await Assert.ThrowsAsync<MailRejectedException>(() => Notifier.SendAsync(n, default));

        await Notifier.SendAsync(n, default);
        await Notifier.SendAsync(n, default);

        Assert.Single(_sendGrid.Capture.Mails);
    }

    [Fact]
    public async Task SendAsync_PendingRowLeftByACrash_SendsAgain()
    {
        var id = NewDossier();
        var n = MailTestData.Notification(MailKind.Eligible, id);
        var key = new SentMailKey(id, MailKind.Eligible, n.StepKey, SentMailKey.HashRecipients(["jeanne@example.org"]));
        Assert.Equal(SentMailState.ToSend, await _services.GetRequiredService<ISentMailLog>().BeginAsync(key, default));

        await Notifier.SendAsync(n, default);

        Assert.Single(_sendGrid.Capture.Mails);
        Assert.Equal(SentMailState.AlreadySent, await _services.GetRequiredService<ISentMailLog>().BeginAsync(key, default));
    }

    [Fact]
    public async Task SendAsync_OtherStepOrKind_SendsAnotherMail()
    {
        var id = NewDossier();

        await Notifier.SendAsync(MailTestData.Notification(MailKind.ChangesReminder, id, "changes#1:J-7"), default);
        await Notifier.SendAsync(MailTestData.Notification(MailKind.ChangesReminder, id, "changes#1:J-2"), default);
        await Notifier.SendAsync(MailTestData.Notification(MailKind.ChangesRequested, id, "changes#1:J-2"), default);

        Assert.Equal(3, _sendGrid.Capture.Mails.Count);
    }

    [Fact]
    public async Task SendAsync_Roles_ResolveAddressesFromTheCampaign_EachStaffMemberAlone()
    {
        var id = NewDossier();

        await Notifier.SendAsync(MailTestData.Notification(MailKind.ValidationRequest, id) with { To = new Recipient(RecipientRole.Staff, 1) }, default);
        await Notifier.SendAsync(MailTestData.Notification(MailKind.ValidationRequest, id) with { To = new Recipient(RecipientRole.Staff, 0) }, default);
        await Notifier.SendAsync(MailTestData.Notification(MailKind.JuryInvitation, id) with { To = new Recipient(RecipientRole.Juror, 2) }, default);
        await Notifier.SendAsync(MailTestData.Notification(MailKind.PaymentOrder, id), default);
        await Notifier.SendAsync(MailTestData.Notification(MailKind.CpDecisionRequest, id), default);
        await Notifier.SendAsync(MailTestData.Notification(MailKind.JuryOpinionRequest, id), default);

        var to = _sendGrid.Capture.Mails.Select(m => string.Join(",", m.To)).ToList();
        Assert.Equal(
            ["ess@region.example", "instruction@region.example", "jure3@partner.example", "finance@region.example", "cp@region.example", "president@region.example"],
            to);
        Assert.All(_sendGrid.Capture.Mails, m => Assert.Equal("ami.is@aquitaine.fr", m.ReplyTo));
    }

    [Fact]
    public async Task SendAsync_UnknownJurorOrMissingValue_SendsNothing()
    {
        var id = NewDossier();

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Notifier.SendAsync(MailTestData.Notification(MailKind.JuryInvitation, id) with { To = new Recipient(RecipientRole.Juror, 7) }, default));
        await Assert.ThrowsAsync<MailTemplateException>(() =>
            Notifier.SendAsync(MailTestData.Notification(MailKind.Ineligible, id) with { Values = null }, default));

        Assert.Equal(0, _sendGrid.Capture.Attempts);
    }

    [Fact]
    public async Task NotifyAsync_LateSubmissionTwice_OneMailToStaff()
    {
        var attempt = new LateSubmission(new DateTimeOffset(2015, 5, 30, 8, 0, 0, TimeSpan.Zero), "ami-is-2015", "Collectif " + Guid.NewGuid().ToString("N"), "late@example.org");
        var notifier = _services.GetRequiredService<ILateSubmissionNotifier>();

        await notifier.NotifyAsync(attempt, default);
        await notifier.NotifyAsync(attempt, default);

        var mail = Assert.Single(_sendGrid.Capture.Mails);
        Assert.Equal(["instruction@region.example", "ess@region.example"], mail.To);
        Assert.Equal("AMI Innovation sociale 2015 – Tentative de dépôt hors délai", mail.Subject);
        Assert.Equal("ami-is-2015", mail.CustomArgs["campaign_id"]);
        Assert.False(mail.CustomArgs.ContainsKey("dossier_id"));
    }

    [Fact]
    public async Task NotifyAsync_TenLateAttemptsAtOnceWhileSendGridIsSlow_OneMailToStaff()
    {
        // A burst of late posts notifies in the background, all at once; the first notice is slow (SendGrid answers
        // 503 twice before accepting it): the others find it in flight and leave it to it.
        var attempt = new LateSubmission(new DateTimeOffset(2015, 5, 30, 9, 0, 0, TimeSpan.Zero), "ami-is-2015", "", "");
        var notifier = _services.GetRequiredService<ILateSubmissionNotifier>();
        _sendGrid.Capture.ScriptedStatuses.Enqueue(503);
        _sendGrid.Capture.ScriptedStatuses.Enqueue(503);

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => notifier.NotifyAsync(attempt, default))));

        var mail = Assert.Single(_sendGrid.Capture.Mails);
        Assert.Equal("AMI Innovation sociale 2015 – Tentative de dépôt hors délai", mail.Subject);
    }

    [Fact]
    public void AddAmiMail_MissingSendGridKeyOrStorage_FailsAtStart()
    {
        var noKey = Settings();
        noKey.Remove("SendGrid:ApiKey");
        var noStorage = Settings();
        noStorage.Remove("AzureWebJobsStorage");

        using var ok = Compose(Settings());
        ok.GetRequiredService<IStartupValidator>().Validate();
        using var a = Compose(noKey);
        Assert.Throws<OptionsValidationException>(() => a.GetRequiredService<IStartupValidator>().Validate());
        using var b = Compose(noStorage);
        Assert.Throws<OptionsValidationException>(() => b.GetRequiredService<IStartupValidator>().Validate());
    }

    [Fact]
    public void RetryDelay_HonoursRetryAfterAndRateLimitReset_Capped()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2015, 6, 1, 8, 0, 0, TimeSpan.Zero));
        var transport = new SendGridMailTransport(
            new SendGridClient(new SendGridClientOptions { ApiKey = "k" }),
            Options.Create(new SendGridOptions()),
            Options.Create(new MailOptions { FirstRetryDelay = TimeSpan.FromSeconds(1), MaxRetryDelay = TimeSpan.FromSeconds(30) }),
            time,
            NullLogger<SendGridMailTransport>.Instance);
        static Response With(Action<HttpResponseHeaders> set)
        {
            using var message = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            set(message.Headers);
            return new Response(HttpStatusCode.TooManyRequests, null, message.Headers);
        }

        Assert.Equal(TimeSpan.FromSeconds(3), transport.RetryDelay(With(h => h.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(3))), 1));
        Assert.Equal(TimeSpan.FromSeconds(30), transport.RetryDelay(With(h => h.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromMinutes(5))), 1));
        Assert.Equal(TimeSpan.FromSeconds(5), transport.RetryDelay(With(h => h.Add("X-RateLimit-Reset", time.GetUtcNow().AddSeconds(5).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture))), 1));
        var backoff = transport.RetryDelay(With(_ => { }), 3);
        Assert.InRange(backoff, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(4.8));
    }

    private INotifier Notifier => _services.GetRequiredService<INotifier>();

    private string NewDossier()
    {
        var id = "d-" + Guid.NewGuid().ToString("N");
        _dossiers.Add(MailTestData.Record(id), MailTestData.Submission());
        return id;
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["Ami:PublicBaseUrl"] = MailTestData.BaseUrl,
        ["SendGrid:ApiKey"] = "SG.test-key",
        ["SendGrid:Host"] = _sendGrid.BaseUrl,
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["Ami:Mail:FirstRetryDelay"] = "00:00:00.010",
        ["Ami:Mail:MaxRetryDelay"] = "00:00:00.050",
    };

    private ServiceProvider Compose(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IDossierStore>(_dossiers);
        services.AddSingleton<ICampaignStore>(new FakeCampaignStore(MailTestData.Campaign()));
        services.AddSingleton<IJuryProgress>(new FakeJuryProgress());
        services.AddSingleton<ILateSubmissionLog>(new FakeLateSubmissionLog());
        services.AddAmiMail(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
