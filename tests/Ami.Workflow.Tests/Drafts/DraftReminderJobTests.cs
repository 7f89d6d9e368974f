using Ami.Testing;
using Ami.Workflow.Configuration;
using Ami.Workflow.Drafts;
using Ami.Workflow.Links;
using Ami.Workflow.Mail;
using Ami.Workflow.Ports;
using Ami.Workflow.Tests.Fakes;
using Ami.Workflow.Tests.Mail;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Ami.Workflow.Tests.Drafts;

/// <summary>The draft reminders at J-7 and J-2 of the 2015 call (deadline Friday 29 May 2015), driven by a fake clock.</summary>
public sealed class DraftReminderJobTests : IAsyncLifetime
{
    private static readonly string Key = Convert.ToBase64String(Enumerable.Repeat((byte)0x5A, 32).ToArray());
    private readonly FakeTimeProvider _time = new(Paris(5, 1));
    private readonly InMemoryDraftStore _drafts = new();
    private SendGridCaptureServer _sendGrid = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _sendGrid = await SendGridCaptureServer.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ami:PublicBaseUrl"] = MailTestData.BaseUrl,
            ["Ami:LinkKeys:Current"] = Key,
            ["SendGrid:ApiKey"] = "SG.test-key",
            ["SendGrid:Host"] = _sendGrid.BaseUrl,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<ISentMailLog, InMemorySentMailLog>();
        services.AddSingleton<ICampaignStore>(new FakeCampaignStore(MailTestData.Campaign()));
        services.AddSingleton<IDraftStore>(_drafts);
        services.AddSingleton<IDossierStore>(new FakeDossierStore()); // the mail registrations' other users (notifier, digest)
        services.AddSingleton<IJuryProgress>(new FakeJuryProgress());
        services.AddSingleton<ILateSubmissionLog>(new FakeLateSubmissionLog());
        services.AddOptions<LinkSigningOptions>().Bind(configuration.GetSection(LinkSigningOptions.Section));
        services.AddOptions<AmiOptions>().Bind(configuration.GetSection(AmiOptions.Section));
        services.AddAmiMail(configuration);
        services.AddSingleton<DraftLinks>();
        services.AddTransient<DraftMailer>();
        services.AddTransient<DraftReminderJob>();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _sendGrid.DisposeAsync();
    }

    private DraftReminderJob Job => _services.GetRequiredService<DraftReminderJob>();

    [Fact]
    public async Task RunAsync_SendsJ7AndJ2_OncePerDraftEach_EvenWhenTheJobRunsTwice()
    {
        _drafts.Add(Draft("early", "early@asso.example", Paris(5, 1)));
        _drafts.Add(Draft("late", "late@asso.example", Paris(5, 24)));
        _drafts.Add(Draft("filed", "filed@asso.example", Paris(5, 1)) with { FiledReference = "AMI-IS-2015-0001" });

        Assert.Equal(0, (await RunAtAsync(Paris(5, 21, 23))).Sent);

        // J-7 (Friday 22 May): only the draft saved before that day, once however often the job runs.
        Assert.Equal(new DraftReminderRun(1, 0), await RunAtAsync(Paris(5, 22, 0, 20)));
        Assert.Equal(new DraftReminderRun(0, 1), await RunAtAsync(Paris(5, 22, 1, 20)));
        Assert.Equal(new DraftReminderRun(0, 1), await RunAtAsync(Paris(5, 26, 9, 20)));

        // J-2 (Wednesday 27 May): both unfinished drafts, once each.
        Assert.Equal(new DraftReminderRun(2, 0), await RunAtAsync(Paris(5, 27, 8, 20)));
        Assert.Equal(new DraftReminderRun(0, 2), await RunAtAsync(Paris(5, 27, 9, 20)));

        // After the close: nothing.
        Assert.Equal(new DraftReminderRun(0, 0), await RunAtAsync(Paris(5, 30, 9, 20)));

        var mails = _sendGrid.Capture.Mails;
        Assert.Equal(3, mails.Count);
        Assert.All(mails, m => Assert.Equal("draft-reminder", m.CustomArgs["kind"]));
        Assert.Equal(["J-7", "J-2"], mails.Where(m => m.To.Contains("early@asso.example")).Select(m => m.CustomArgs["step"]));
        Assert.Equal(["J-2"], mails.Where(m => m.To.Contains("late@asso.example")).Select(m => m.CustomArgs["step"]));
        Assert.DoesNotContain(mails, m => m.To.Contains("filed@asso.example"));

        var first = mails[0];
        Assert.Equal("AMI Innovation sociale 2015 – Votre brouillon n'est pas encore déposé", first.Subject);
        Assert.Equal("ami.is@aquitaine.fr", first.ReplyTo);
        Assert.Contains("« Association early »", first.Text, StringComparison.Ordinal);
        Assert.Contains("29 mai 2015", first.Text, StringComparison.Ordinal);

        // Its link opens that draft, signed with the site's keys.
        var link = System.Text.RegularExpressions.Regex.Match(first.Text!, MailTestData.BaseUrl + @"/brouillon/(\S+)");
        Assert.True(link.Success, first.Text);
        var check = _services.GetRequiredService<DraftLinks>().Verify(Uri.UnescapeDataString(link.Groups[1].Value), Paris(5, 22, 1), out var campaignId, out var draftId);
        Assert.Equal((Ami.Workflow.Actions.LinkCheck.Valid, "ami-is-2015", "early"), (check, campaignId, draftId));
    }

    [Fact]
    public async Task RunAsync_JobDownOnJ7_RemindsTheNextDay_ButNeverSendsJ7AfterJ2sDay()
    {
        _drafts.Add(Draft("a", "a@asso.example", Paris(5, 1)));

        Assert.Equal(1, (await RunAtAsync(Paris(5, 23, 10, 20))).Sent);
        Assert.Equal(["J-7"], _sendGrid.Capture.Mails.Select(m => m.CustomArgs["step"]));

        _drafts.Add(Draft("b", "b@asso.example", Paris(5, 1)));
        Assert.Equal(2, (await RunAtAsync(Paris(5, 28, 10, 20))).Sent);
        Assert.Equal(["J-7", "J-2", "J-2"], _sendGrid.Capture.Mails.Select(m => m.CustomArgs["step"]));
    }

    private async Task<DraftReminderRun> RunAtAsync(DateTimeOffset now)
    {
        _time.SetUtcNow(now);
        return await Job.RunAsync(default);
    }

    private static DateTimeOffset Paris(int month, int day, int hour = 9, int minute = 0) => new(2015, month, day, hour, minute, 0, TimeSpan.FromHours(2));

    private static Draft Draft(string id, string email, DateTimeOffset savedAt) =>
        new("ami-is-2015", id, email, new Dictionary<string, string> { ["holder.name"] = "Association " + id, ["contact.email"] = email }, savedAt, savedAt);

    private sealed class InMemoryDraftStore : IDraftStore
    {
        private readonly List<Draft> _drafts = [];

        public void Add(Draft draft) => _drafts.Add(draft);

        public Task<bool> SaveAsync(Draft draft, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Draft?> GetAsync(string campaignId, string draftId, CancellationToken cancellationToken) =>
            Task.FromResult(_drafts.FirstOrDefault(d => d.CampaignId == campaignId && d.DraftId == draftId));

        public Task MarkFiledAsync(string campaignId, string draftId, string reference, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<Draft>> ListUnfinishedAsync(string campaignId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Draft>>([.. _drafts.Where(d => d.CampaignId == campaignId && d.FiledReference is null)]);

        public Task<DraftCount> CountAsync(string campaignId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
