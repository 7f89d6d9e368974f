using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ami.Domain.Campaigns;
using Ami.Domain.Money;
using Ami.Domain.States;
using Ami.Workflow.Actions;
using Ami.Workflow.Configuration;
using Ami.Workflow.Http;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Payments;
using Ami.Workflow.Ports;
using Ami.Workflow.Tests.Fakes;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ami.Workflow.Tests.Journey;

/// <summary>
/// The real Durable Task engine (in-process test host) running the journey over hand-written fakes, and the
/// services people use: the action links (<see cref="ActionService"/>) and the holder's HTTP handlers.
/// Each test works on its own dossier and campaign, so one host serves a whole test class.
/// </summary>
public class JourneyHost : IAsyncLifetime
{
    /// <summary>
    /// How long a wait gives a journey that makes no move (no episode of its orchestration) before concluding that it is
    /// stuck; also the plain time limit of <see cref="Until"/> and <see cref="MailsAsync"/>.
    /// </summary>
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The longest a wait lasts even for a journey that keeps moving without getting where it is awaited.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(3);

    private readonly Func<TaskOrchestrationContext, TaskOrchestrationContext> _view;
    private DurableTaskTestHost? _host;
    private ILoggerFactory? _loggers;

    private readonly Action<JourneyHost, IServiceCollection>? _decorate;

    /// <summary>A host whose activities get, after the fakes, what <paramref name="decorate"/> registers (e.g. ports that fail on cue).</summary>
    internal JourneyHost(Action<JourneyHost, IServiceCollection> decorate)
        : this()
    {
        _decorate = decorate;
    }

    public JourneyHost()
        : this(context => context)
    {
    }

    /// <param name="view">How the journey sees its orchestration context (<see cref="EarlyTimers"/>: timers that fire early).</param>
    protected JourneyHost(Func<TaskOrchestrationContext, TaskOrchestrationContext> view)
    {
        _view = view;
        var composer = Mail.MailTestData.Composer();
        Notifier = new FakeNotifier(n =>
        {
            var dossier = Dossiers[n.DossierId];
            var campaign = Campaigns.GetAsync(dossier.CampaignId, CancellationToken.None).Result!;
            composer.Compose(n, dossier, campaign, Mail.MailTestData.Submission());
        });
    }

    public FakeDossierStore Dossiers { get; } = new();

    public FakeTimeline Timeline { get; } = new();

    public FakeCampaignStore Campaigns { get; } = new();

    /// <summary>Every mail is written with the real French templates: a value the template cannot use fails the test.</summary>
    public FakeNotifier Notifier { get; }

    public FakeActionStore Actions { get; } = new();

    public FakePaymentLedger Ledger { get; } = new();

    public FakeBilanStore Bilans { get; } = new();

    /// <summary>The antivirus: every file safe unless a test says otherwise (by file name).</summary>
    public FakeScanner Scanner { get; } = new();

    public FakeHolderMoves Moves { get; } = new();

    public ListLoggerProvider Logs { get; } = new();

    public static LinkSigningOptions Keys { get; } = new() { Current = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()) };

    public ActionLinkSigner Signer { get; } = new(Options.Create(Keys));

    public ActionService ActionService { get; private set; } = null!;

    public HolderHandlers Holder { get; private set; } = null!;

    public ActionHandlers ActionHandlers { get; private set; } = null!;

    public DurableTaskClient Client => (_host ?? throw new InvalidOperationException("not started")).Client;

    private IServiceProvider RequestServices { get; set; } = null!;

    public async Task InitializeAsync()
    {
        _loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(Logs));
        // The test host picks a free port and binds it a moment later: test classes starting hosts in parallel
        // may race for the same port, so a clash is retried.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                _host = await DurableTaskTestHost.StartAsync(
                    r => r.AddAmiTasks(_view),
                    new DurableTaskTestHostOptions { LoggerFactory = _loggers, ConfigureServices = Register });
                break;
            }
            catch (IOException) when (attempt < 5)
            {
                await Task.Delay(100 * attempt);
            }
        }

        ActionService = new ActionService(Signer, Actions, Dossiers, Campaigns, TimeProvider.System, _loggers.CreateLogger<ActionService>());
        Holder = new HolderHandlers(Dossiers, Campaigns, Bilans, Moves, TimeProvider.System, _loggers.CreateLogger<HolderHandlers>());
        ActionHandlers = new ActionHandlers(ActionService, new FakeAttachmentLinks());
        RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _loggers?.Dispose();
    }

    private void Register(IServiceCollection services)
    {
        services.AddSingleton<IDossierStore>(Dossiers);
        services.AddSingleton<ITimeline>(Timeline);
        services.AddSingleton<ICampaignStore>(Campaigns);
        services.AddSingleton<INotifier>(Notifier);
        services.AddSingleton<IActionStore>(Actions);
        services.AddSingleton<IPaymentLedger>(Ledger);
        services.AddSingleton(Signer);
        services.AddSingleton<IAttachmentScanner>(Scanner);
        services.AddOptions<Ami.Workflow.Configuration.ScanningOptions>().Configure(o =>
        {
            o.RetryFirst = TimeSpan.FromMilliseconds(500);
            o.RetryMax = TimeSpan.FromSeconds(1);
            o.StuckAfter = TimeSpan.FromSeconds(2);
        });
        services.AddJourneyActivities();
        _decorate?.Invoke(this, services);
    }

    // ---- Arranging --------------------------------------------------------------------------------------------

    /// <summary>A campaign counted in seconds: the call closes <paramref name="closesIn"/> from now.</summary>
    public Campaign Campaign(TimeSpan closesIn, Func<Campaign, Campaign>? tweak = null)
    {
        var id = "c-" + Guid.NewGuid().ToString("N")[..10];
        var campaign = new Campaign
        {
            Id = id,
            Title = "AMI Innovation sociale (test)",
            OpensAt = DateTimeOffset.UtcNow.AddDays(-30),
            Deadline = CampaignDeadline.LastSecond(DateTimeOffset.UtcNow.Add(closesIn)),
            MaxGrant = Euros.FromDecimal(40000m),
            BilanDueAfter = IsoDuration.Parse("PT6S"),
            JuryDueAfterClose = IsoDuration.Parse("PT8S"),
            ContactEmail = "ami.is@region.example",
            Staff = ["instruction1@region.example", "instruction2@region.example"],
            Jurors = ["jure1@partner.example", "jure2@region.example", "jure3@partner.example"],
            JuryPresident = "president@region.example",
            CpSecretariat = "cp@region.example",
            Finance = "finance@region.example",
            Schedule = new CampaignSchedule
            {
                ChangesRemindersBeforeDeadline = [IsoDuration.Parse("PT4S"), IsoDuration.Parse("PT2S")],
                JuryRemindersBeforeDue = [IsoDuration.Parse("PT3S")],
                BilanRemindersBeforeDue = [IsoDuration.Parse("PT4S"), IsoDuration.Parse("PT2S")],
                BilanRemindersAfterDue = [IsoDuration.Parse("PT1S")],
                StaffReminderEvery = IsoDuration.Parse("PT1M"),
                ActionLinkValidity = IsoDuration.Parse("P1D"),
                StartExpectedWithin = IsoDuration.Parse("PT1M"),
            },
        };
        campaign = tweak?.Invoke(campaign) ?? campaign;
        Campaigns.UpsertAsync(campaign, CancellationToken.None).GetAwaiter().GetResult();
        return campaign;
    }

    /// <summary>
    /// The version the tests start by default: 1.2, whose jurors, president and CP are mailed per dossier (instances of
    /// it run for a year and more). 1.3, where they work from their campaign-wide workspaces, has its own tests
    /// (<c>CampaignWideJuryTests</c>), which pass <see cref="JourneyVersions.V1_3"/>.
    /// </summary>
    public static string DefaultVersion => JourneyVersions.V1_2;

    /// <summary>Files a dossier of <paramref name="campaign"/> (30 000 € requested) and starts its journey.</summary>
    /// <param name="version">The journey version to start (default: what <see cref="JourneyClient.StartJourneyAsync"/> starts).</param>
    public async Task<Dossier> FileAsync(Campaign campaign, decimal requested = 30000m, string? version = null, string statutesName = "statuts.pdf", Action<string>? injectBeforeStart = null)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var id = "d-" + Guid.NewGuid().ToString("N")[..12];
        injectBeforeStart?.Invoke(id);
        var token = "holder-" + id;
        Dossiers.Add(new DossierRecord
        {
            DossierId = id,
            CampaignId = campaign.Id,
            Reference = "AMI-TEST-" + id[^4..],
            Status = DossierStatus.Submitted,
            SubmittedAt = DateTimeOffset.UtcNow,
            HolderName = "Association <Les Jardins> & Partagés",
            ContactEmail = "jeanne@example.org",
            ActionTitle = "Jardins partagés en ville",
            RequestedAmount = Euros.FromDecimal(requested),
            AccessTokenHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))),
            Attachments = [new AttachmentInfo("a1", "statutes", statutesName, "application/pdf", 2048, "00", $"{campaign.Id}/{id}/a1-{statutesName}")],
        });
        if (version is null)
        {
            Assert.True(await Client.StartJourneyAsync(id, campaign.Id, DefaultVersion, CancellationToken.None));
        }
        else
        {
            await Client.ScheduleNewOrchestrationInstanceAsync(JourneyNames.Orchestrator, new JourneyInput(id, campaign.Id), new StartOrchestrationOptions(id) { Version = version });
        }

        return new Dossier(id, token, campaign);
    }

    // ---- Acting as people ---------------------------------------------------------------------------------------

    /// <summary>
    /// Waits until the journey waits for <paramref name="step"/> (attempt <paramref name="attempt"/>), as long as it
    /// keeps moving (<see cref="WhileMovingAsync{T}"/>).
    /// </summary>
    public Task<JourneyStatus> StepAsync(string dossierId, string step, int attempt = 1) =>
        WhileMovingAsync(
            dossierId,
            instance => instance is { RuntimeStatus: OrchestrationRuntimeStatus.Running } && instance.ReadCustomStatusAs<JourneyStatus>() is { } status
                && status.Step == step && (attempt == 0 || status.Attempt == attempt) ? status : null,
            instance => $"{dossierId} never waited for {step}#{attempt}; last status {Describe(instance)}");

    /// <summary>
    /// Polls <paramref name="probe"/> (given the journey's instance, read just before) until it answers, for as long as
    /// the journey moves: the wait fails when the journey has made no move (no episode, which is what
    /// <see cref="OrchestrationMetadata.LastUpdatedAt"/> dates) for <paramref name="stillFor"/> (default
    /// <see cref="StepTimeout"/>), when it has ended without the probe answering, or after <see cref="MaxWait"/>.
    /// A fixed budget fails journeys that are only slow: the in-process engine runs as many episodes at a time as the
    /// machine has cores (two here), so with a dozen journeys side by side each one moves about every three seconds,
    /// and a step reached through retried activities can take longer than any budget chosen for a quiet machine.
    /// A journey that is stuck still fails, <paramref name="stillFor"/> after its last move, with what the engine holds.
    /// </summary>
    private async Task<T> WhileMovingAsync<T>(string dossierId, Func<OrchestrationMetadata?, T?> probe, Func<OrchestrationMetadata?, string> failure, TimeSpan? stillFor = null)
        where T : class
    {
        var stall = stillFor ?? StepTimeout;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var still = System.Diagnostics.Stopwatch.StartNew();
        DateTimeOffset? lastMove = null;
        while (true)
        {
            var instance = await Client.GetInstanceAsync(dossierId, getInputsAndOutputs: true);
            if (probe(instance) is { } answer)
            {
                return answer;
            }

            if (instance?.LastUpdatedAt != lastMove)
            {
                lastMove = instance?.LastUpdatedAt;
                still.Restart();
            }

            var why = instance is { IsCompleted: true } ? "the journey ended"
                : still.Elapsed >= stall ? $"no move of the journey for {stall.TotalSeconds:0} s"
                : waited.Elapsed >= MaxWait ? $"still moving after {MaxWait.TotalMinutes:0} min"
                : null;
            if (why is not null)
            {
                throw new TimeoutException($"{failure(instance)} ({why}); {instance?.RuntimeStatus} {instance?.FailureDetails?.ErrorMessage}\nMails refused: {string.Join("\n", Notifier.Refused)}\n{Diagnose(dossierId)}");
            }

            await Task.Delay(50);
        }
    }

    private static string Describe(OrchestrationMetadata? instance) =>
        instance is { RuntimeStatus: OrchestrationRuntimeStatus.Running } && instance.ReadCustomStatusAs<JourneyStatus>() is { } status
            ? $"{status.Step}#{status.Attempt}"
            : "none";

    /// <summary>What the engine holds for the dossier's journey and its scan runs, and what was logged about it: printed when a wait times out.</summary>
    public string Diagnose(string dossierId)
    {
        var host = _host ?? throw new InvalidOperationException("not started");
        var logged = Logs.Entries.Where(e => e.Message.Contains(dossierId, StringComparison.Ordinal)).Select(e => $"  {e.Level}: {e.Message}");
        return EngineDump.Of(host, dossierId) + EngineDump.Of(host, dossierId + ":scan:filed") + "Logged:\n" + string.Join("\n", logged);
    }

    /// <summary>The token mailed to <paramref name="role"/>/<paramref name="index"/> for a step, as the person would click it (waits while the journey moves).</summary>
    public Task<string> LinkAsync(string dossierId, string step, RecipientRole role, int index = 0, int attempt = 1)
    {
        var actor = ActionKeys.Actor(role, index);
        return WhileMovingAsync(
            dossierId,
            _ => Notifier.Sent
                .Where(n => n.DossierId == dossierId && n.To.Role == role && n.To.Index == index && n.Values is not null && n.Values.ContainsKey("actionToken"))
                .Select(n => n.Values!["actionToken"])
                .LastOrDefault(t => Signer.Verify(t, DateTimeOffset.UtcNow, out var c) == LinkCheck.Valid && c!.Step == step && c.Attempt == attempt && c.Actor == actor),
            _ => $"No {step}#{attempt} link mailed to {actor} of {dossierId}");
    }

    /// <summary>Waits (at most <see cref="StepTimeout"/>) until <paramref name="condition"/> holds.</summary>
    public async Task Until(Func<bool> condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var until = DateTime.UtcNow + StepTimeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "condition not met in time");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> mails match (reminders are sent on timers).</summary>
    public async Task<IReadOnlyList<Notification>> MailsAsync(string dossierId, MailKind kind, int count = 1, RecipientRole? role = null)
    {
        var until = DateTime.UtcNow + StepTimeout;
        while (true)
        {
            var mails = Notifier.To(dossierId, kind, role);
            if (mails.Count >= count)
            {
                return mails;
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"{dossierId}: {mails.Count} {kind} mail(s), expected {count}");
            }

            await Task.Delay(50);
        }
    }

    public Task<ActionResult> DecideAsync(string token, object body) =>
        ActionService.DecideAsync(token, ActionBody.FromJson(JsonSerializer.SerializeToElement(body)), Client, CancellationToken.None);

    /// <summary>Waits for the step's link to <paramref name="role"/>, then decides through it; asserts it was accepted.</summary>
    public async Task DecideStepAsync(string dossierId, string step, RecipientRole role, object body, int index = 0, int attempt = 1)
    {
        await StepAsync(dossierId, step, attempt);
        var token = await LinkAsync(dossierId, step, role, index, attempt);
        var result = await DecideAsync(token, body);
        Assert.True(result.Kind == ActionResultKind.Ok, $"{step} by {role}-{index}: {result.Kind} {result.Code} {string.Join("; ", result.Errors?.Select(e => e.Field + ":" + e.Code) ?? [])}");
    }

    /// <summary>How the journey ended (waits while it moves); asserts it completed and that no mail was refused.</summary>
    public async Task<JourneyOutcome> OutcomeAsync(string dossierId)
    {
        // A journey may end on a timer a while after its last move: the same minute as before the waits followed moves.
        var instance = await WhileMovingAsync(dossierId, i => i is { IsCompleted: true } ? i : null, i => $"{dossierId} did not end; last status {Describe(i)}", TimeSpan.FromSeconds(60));
        Assert.True(instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{dossierId}: {instance.RuntimeStatus} {instance.FailureDetails?.ErrorMessage}");
        Assert.DoesNotContain(Notifier.Refused, r => r.StartsWith(dossierId, StringComparison.Ordinal));
        return instance.ReadOutputAs<JourneyOutcome>()!;
    }

    /// <summary>Calls a holder handler as the HTTP host would, with the holder's token; returns status and body.</summary>
    public async Task<(int Status, string Body)> HolderAsync(
        Func<HolderHandlers, HttpRequest, DurableTaskClient, Task<IResult>> handler,
        Dossier dossier,
        string? json = null,
        MultipartFormDataContent? multipart = null,
        string? token = null,
        (HttpContent Content, string ContentType)? raw = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(dossier);
        var context = new DefaultHttpContext { RequestServices = RequestServices };
        context.Request.Method = "POST";
        context.Request.Headers.Authorization = "Bearer " + (token ?? dossier.HolderToken);
        if (json is not null)
        {
            context.Request.ContentType = "application/json";
            context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json));
        }
        else if (multipart is not null || raw is not null)
        {
            context.Request.ContentType = raw?.ContentType ?? multipart!.Headers.ContentType!.ToString();
            var body = new MemoryStream();
            await (raw?.Content ?? multipart!).CopyToAsync(body);
            body.Position = 0;
            context.Request.Body = body;
            context.Request.ContentLength = body.Length;
        }

        var response = new MemoryStream();
        context.Response.Body = response;
        var result = await handler(Holder, context.Request, Client);
        await result.ExecuteAsync(context);
        return (context.Response.StatusCode, Encoding.UTF8.GetString(response.ToArray()));
    }

    /// <summary>GET or POST on <c>/api/actions/{token}</c> through the handler both hosts use.</summary>
    public async Task<(int Status, string ContentType, string Body)> ActionHttpAsync(string method, string token, string? json = null, IReadOnlyDictionary<string, string>? form = null, string? accept = null)
    {
        var context = new DefaultHttpContext { RequestServices = RequestServices };
        context.Request.Method = method;
        if (accept is not null)
        {
            context.Request.Headers.Accept = accept;
        }

        if (json is not null)
        {
            context.Request.ContentType = "application/json";
            context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json));
        }
        else if (form is not null)
        {
            var content = new FormUrlEncodedContent(form);
            context.Request.ContentType = "application/x-www-form-urlencoded";
            context.Request.Body = new MemoryStream(await content.ReadAsByteArrayAsync());
        }

        var response = new MemoryStream();
        context.Response.Body = response;
        var result = method == "GET"
            ? await ActionHandlers.GetAsync(context.Request, token, Client, CancellationToken.None)
            : await ActionHandlers.PostAsync(context.Request, token, Client, CancellationToken.None);
        await result.ExecuteAsync(context);
        return (context.Response.StatusCode, context.Response.ContentType ?? "", Encoding.UTF8.GetString(response.ToArray()));
    }

    public Task<(int Status, string Body)> StartAsync(Dossier dossier, string startDate) =>
        HolderAsync((h, r, c) => h.StartAsync(r, dossier.Id, c, CancellationToken.None), dossier, json: $$"""{ "startDate": "{{startDate}}" }""");

    public Task<(int Status, string Body)> WithdrawAsync(Dossier dossier) =>
        HolderAsync((h, r, c) => h.WithdrawAsync(r, dossier.Id, c, CancellationToken.None), dossier, json: "{}");

    public Task<(int Status, string Body)> BilanAsync(Dossier dossier, string bilanJson, byte[]? report = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(report ?? "%PDF-1.4\n% bilan de la première année\n"u8.ToArray());
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        form.Add(file, "report", "bilan-annee-1.pdf");
        form.Add(new StringContent(bilanJson, Encoding.UTF8, "application/json"), "bilan");
        return HolderAsync((h, r, c) => h.BilanAsync(r, dossier.Id, c, CancellationToken.None), dossier, multipart: form);
    }

    public static string Today => DateOnly.FromDateTime(ParisTime.ToParis(DateTimeOffset.UtcNow).DateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public const string GoodBilan = """{ "spent": [ { "category": "researchers", "amount": 12000 }, { "category": "travel", "amount": 850.5 } ], "summary": "Première année : trois jardins ouverts, 120 habitants impliqués." }""";
}

/// <summary>A filed dossier: its id, the holder's access token, its campaign.</summary>
public sealed record Dossier(string Id, string HolderToken, Campaign Campaign);
