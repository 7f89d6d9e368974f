using Ami.Domain.States;
using Ami.Testing;
using Ami.Workflow.Digest;
using Ami.Workflow.Mail;
using Ami.Workflow.Ports;
using Ami.Workflow.Tests.Fakes;
using Ami.Workflow.Tests.Mail;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Ami.Workflow.Tests.Digest;

public sealed class StaffDigestJobTests : IAsyncLifetime
{
    /// <summary>Wednesday 10 June 2015, 08:00 in Paris (summer time, UTC+2).</summary>
    private static readonly DateTimeOffset SummerEight = new(2015, 6, 10, 6, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly FakeDossierStore _dossiers = new() { MaxPageSize = 2 };
    private readonly FakeJuryProgress _jury = new();
    private readonly FakeLateSubmissionLog _late = new();
    private readonly FakeJourneyFailures _failures = new();
    private SendGridCaptureServer _sendGrid = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _sendGrid = await SendGridCaptureServer.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ami:PublicBaseUrl"] = MailTestData.BaseUrl,
            ["SendGrid:ApiKey"] = "SG.test-key",
            ["SendGrid:Host"] = _sendGrid.BaseUrl,
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<ISentMailLog, InMemorySentMailLog>();
        services.AddSingleton<IDossierStore>(_dossiers);
        services.AddSingleton<ICampaignStore>(new FakeCampaignStore(
            MailTestData.Campaign(),
            MailTestData.Campaign("ami-is-2016") with { Title = "AMI Innovation sociale 2016", Staff = ["ess-2016@region.example"] },
            MailTestData.Campaign("ami-quiet") with { Title = "AMI sans activité" }));
        services.AddSingleton<IJuryProgress>(_jury);
        services.AddSingleton<ILateSubmissionLog>(_late);
        services.AddAmiMail(configuration);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Seed();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _sendGrid.DisposeAsync();
    }

    [Fact]
    public async Task RunAsync_At8InParis_MailsEachCampaignItsSelection()
    {
        _time.SetUtcNow(SummerEight);
        var run = await Job.RunAsync(_failures, default);

        Assert.Equal(new DigestRun(true, 2), run);
        Assert.Equal(2, _sendGrid.Capture.Mails.Count);
        var mail = _sendGrid.Capture.Mails.Single(m => m.To.Contains("instruction@region.example"));
        Assert.Equal(["instruction@region.example", "ess@region.example"], mail.To);
        Assert.Equal("AMI Innovation sociale 2015 – Synthèse du 10 juin 2015", mail.Subject);
        Assert.Equal("ami.is@aquitaine.fr", mail.ReplyTo);
        Assert.Equal("staff-digest", mail.CustomArgs["kind"]);
        Assert.Equal("2015-06-10", mail.CustomArgs["step"]);
        var text = mail.Text!;

        Assert.Contains("- AMI-IS-2015-0001 – « Dossier 1 » (Porteur 1) : à valider (en attente depuis le 1er juin 2015)", text, StringComparison.Ordinal);
        Assert.Contains("https://ami.region.example/api/dossiers/d1", text, StringComparison.Ordinal);
        Assert.Contains("- AMI-IS-2015-0002 – « Dossier 2 » (Porteur 2) : compte rendu d'audition à saisir", text, StringComparison.Ordinal);
        Assert.Contains("- AMI-IS-2015-0003 – « Dossier 3 » (Porteur 3) : bilan à valider", text, StringComparison.Ordinal);
        Assert.DoesNotContain("AMI-IS-2015-0004", text, StringComparison.Ordinal);
        Assert.Contains("- AMI-IS-2015-0005 – « Dossier 5 » : jure2@region.example, attendue le 9 juin 2015", text, StringComparison.Ordinal);
        Assert.DoesNotContain("jure3@partner.example", text, StringComparison.Ordinal);
        Assert.Contains("- AMI-IS-2015-0006 – « Dossier 6 » (Porteur 6) : attendu le 1er juillet 2015\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("AMI-IS-2015-0007", text, StringComparison.Ordinal);
        Assert.Contains("- AMI-IS-2015-0008 – « Dossier 8 » (Porteur 8) : attendu le 1er juin 2015 – EN RETARD", text, StringComparison.Ordinal);
        Assert.DoesNotContain("AMI-IS-2015-0009", text, StringComparison.Ordinal);
        Assert.DoesNotContain("AMI-IS-2015-0010", text, StringComparison.Ordinal);
        Assert.Contains("- 9 juin 2015 à 9 h 00 : Collectif du soir <nuit> <soir@example.org>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Collectif du matin", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Collectif 2016", text, StringComparison.Ordinal);
        Assert.Contains("Collectif du soir &lt;", mail.Html!, StringComparison.Ordinal);

        var other = _sendGrid.Capture.Mails.Single(m => m.To.Contains("ess-2016@region.example"));
        Assert.Contains("AMI-IS-2016-0001", other.Text!, StringComparison.Ordinal);
        Assert.Contains("Collectif 2016", other.Text!, StringComparison.Ordinal);
        Assert.DoesNotContain("AMI-IS-2015", other.Text!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_OneCampaignRefused_OthersStillMailedAndTheRunFails()
    {
        _time.SetUtcNow(SummerEight);
        _sendGrid.Capture.ScriptedStatuses.Enqueue(400);

        var e = await Assert.ThrowsAsync<AggregateException>(() => Job.RunAsync(_failures, default));

        Assert.IsType<MailRejectedException>(Assert.Single(e.InnerExceptions));
        var mail = Assert.Single(_sendGrid.Capture.Mails);
        Assert.Equal(["ess-2016@region.example"], mail.To);
    }

    [Theory]
    [InlineData("2015-06-10T05:00:00Z")] // 07:00 in Paris (summer): the other timer firing
    [InlineData("2015-06-10T07:00:00Z")] // 09:00 in Paris
    [InlineData("2015-12-10T06:00:00Z")] // 07:00 in Paris (winter)
    public async Task RunAsync_NotEightInParis_DoesNothing(string utc)
    {
        _time.SetUtcNow(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture));

        var run = await Job.RunAsync(_failures, default);

        Assert.Equal(new DigestRun(false, 0), run);
        Assert.Equal(0, _sendGrid.Capture.Attempts);
    }

    [Fact]
    public async Task RunAsync_WinterSevenUtc_IsEightInParisAndRuns()
    {
        _time.SetUtcNow(new DateTimeOffset(2015, 12, 10, 7, 0, 0, TimeSpan.Zero));

        var run = await Job.RunAsync(_failures, default);

        Assert.True(run.Ran);
        Assert.Contains(_sendGrid.Capture.Mails, m => m.Subject == "AMI Innovation sociale 2015 – Synthèse du 10 décembre 2015");
    }

    [Fact]
    public async Task RunAsync_TwiceTheSameParisDay_MailsOnce()
    {
        _time.SetUtcNow(SummerEight);
        await Job.RunAsync(_failures, default);
        _time.Advance(TimeSpan.FromMinutes(30));

        var second = await Job.RunAsync(_failures, default);

        Assert.Equal(new DigestRun(true, 0), second);
        Assert.Equal(2, _sendGrid.Capture.Mails.Count);
    }

    [Fact]
    public async Task RunAsync_AJourneyFailed_ListedFirstInItsCampaignsDigestEvenOnAQuietCampaign()
    {
        _time.SetUtcNow(SummerEight);
        _dossiers.Add(MailTestData.Record("d-quiet", "ami-quiet") with { Reference = "AMI-QUIET-0001", Status = DossierStatus.BilanDue, ActionTitle = "Jardins", HolderName = "Porteur calme" });
        _failures.Failed.Add(new FailedJourney("d-quiet", new DateTimeOffset(2015, 6, 9, 19, 15, 0, TimeSpan.Zero)));
        _failures.Failed.Add(new FailedJourney("d-unknown", new DateTimeOffset(2015, 6, 9, 19, 15, 0, TimeSpan.Zero)));

        var run = await Job.RunAsync(_failures, default);

        Assert.Equal(new DigestRun(true, 3), run);
        var quiet = _sendGrid.Capture.Mails.Single(m => m.Subject.StartsWith("AMI sans activité", StringComparison.Ordinal));
        Assert.Contains("Parcours arrêtés par une erreur", quiet.Text!, StringComparison.Ordinal);
        Assert.Contains("- AMI-QUIET-0001 – « Jardins » (Porteur calme) : statut « bilan attendu », arrêté le 9 juin 2015 à 21 h 15", CapturedText(quiet.Text!), StringComparison.Ordinal);
        Assert.Contains("Parcours arrêtés par une erreur", quiet.Html!, StringComparison.Ordinal);
        Assert.All(_sendGrid.Capture.Mails.Where(m => m != quiet), m => Assert.DoesNotContain("Parcours arrêtés", m.Text!, StringComparison.Ordinal));
    }

    private static string CapturedText(string text) => text.Replace('\u00A0', ' ').Replace('\u202F', ' ');

    private StaffDigestJob Job => _services.GetRequiredService<StaffDigestJob>();

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition());
    }

    private void Seed()
    {
        var june1 = new DateTimeOffset(2015, 6, 1, 10, 0, 0, TimeSpan.FromHours(2));
        void Add(int n, DossierStatus status, DateTimeOffset? bilanDue = null, string campaign = "ami-is-2015", string prefix = "AMI-IS-2015") =>
            _dossiers.Add(MailTestData.Record($"d{n}", campaign) with
            {
                Reference = $"{prefix}-{n:0000}",
                Status = status,
                ActionTitle = $"Dossier {n}",
                HolderName = $"Porteur {n}",
                UpdatedAt = june1,
                BilanDueAt = bilanDue,
            });

        Add(1, DossierStatus.Submitted);
        Add(2, DossierStatus.Audition);
        Add(3, DossierStatus.BilanSubmitted);
        Add(4, DossierStatus.ChangesRequested);
        Add(5, DossierStatus.Jury);
        Add(6, DossierStatus.Started, new DateTimeOffset(2015, 7, 1, 0, 0, 0, TimeSpan.FromHours(2)));
        Add(7, DossierStatus.Started, new DateTimeOffset(2015, 9, 1, 0, 0, 0, TimeSpan.FromHours(2)));
        Add(8, DossierStatus.BilanDue, new DateTimeOffset(2015, 6, 1, 0, 0, 0, TimeSpan.FromHours(2)));
        Add(9, DossierStatus.Closed, new DateTimeOffset(2015, 6, 1, 0, 0, 0, TimeSpan.FromHours(2)));
        Add(10, DossierStatus.Eligible);
        Add(11, DossierStatus.Submitted, campaign: "ami-is-2016", prefix: "AMI-IS-2016");
        _dossiers.Add(MailTestData.Record("d12", "ami-is-2016") with { Reference = "AMI-IS-2016-0001", Status = DossierStatus.Submitted });

        _jury.Pending.Add(("ami-is-2015", new PendingJurySheet("d5", 1, new DateTimeOffset(2015, 6, 9, 21, 59, 59, TimeSpan.Zero))));
        _jury.Pending.Add(("ami-is-2015", new PendingJurySheet("d5", 2, new DateTimeOffset(2015, 6, 20, 21, 59, 59, TimeSpan.Zero))));

        _late.RecordAsync(new LateSubmission(new DateTimeOffset(2015, 6, 9, 5, 0, 0, TimeSpan.Zero), "ami-is-2015", "Collectif du matin", "matin@example.org"), default);
        _late.RecordAsync(new LateSubmission(new DateTimeOffset(2015, 6, 9, 7, 0, 0, TimeSpan.Zero), "ami-is-2015", "Collectif du soir <nuit>", "soir@example.org"), default);
        _late.RecordAsync(new LateSubmission(new DateTimeOffset(2015, 6, 10, 5, 0, 0, TimeSpan.Zero), "ami-is-2016", "Collectif 2016", "c2016@example.org"), default);
    }
}
