using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Ami.LocalHost.Campaigns;
using Ami.LocalHost.Dev;
using Ami.LocalHost.Durable;
using Ami.LocalHost.OpenApi;
using Ami.LocalHost.Timers;
using Ami.Pages;
using Ami.Workflow;
using Ami.Workflow.Configuration;
using Grpc.Net.Client;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ami.LocalHost;

/// <summary>Extension points for tests that run the local host in their own process.</summary>
public sealed class LocalHostHooks
{
    /// <summary>Runs first on the builder: add configuration (in-memory settings) or replace services.</summary>
    public Action<WebApplicationBuilder>? ConfigureBuilder { get; init; }

    /// <summary>Runs after the host's own registrations: replace a service (the last registration wins).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Extra orchestrations and activities (e.g. a test's probe), beside <c>AddAmiTasks</c>.</summary>
    public Action<DurableTaskRegistry>? AddTasks { get; init; }

    /// <summary>Extra endpoints, mapped after the API.</summary>
    public Action<WebApplication>? ConfigureApp { get; init; }
}

/// <summary>
/// The local host: the API of Ami.Functions (<see cref="ApiRoutes"/>), its orchestrations on the real Durable
/// Task engine (<see cref="DurableTaskSidecar"/>, Azure Storage provider), its timer jobs, and a SendGrid
/// capture endpoint; on Azurite started here when <c>AzureWebJobsStorage</c> is empty.
/// </summary>
/// <remarks>
/// Start order: storage → engine → app (worker, client, hosted services, Kestrel). Stop order is the
/// reverse, so the worker never outlives the engine nor the engine its storage.
/// </remarks>
public sealed partial class AmiLocalHost : IAsyncDisposable
{
    /// <summary>The request size limit of Azure Functions' HTTP triggers (100 MB).</summary>
    public const long MaxRequestBodyBytes = 100L * 1024 * 1024;

    private readonly LocalStorage? _storage;
    private readonly DurableTaskSidecar _sidecar;
    private readonly GrpcChannel _channel;
    private int _disposed;

    private AmiLocalHost(WebApplication app, Uri baseUrl, string taskHubName, string? generatedStaffKey, LocalStorage? storage, DurableTaskSidecar sidecar, GrpcChannel channel)
    {
        App = app;
        BaseUrl = baseUrl;
        TaskHubName = taskHubName;
        GeneratedStaffKey = generatedStaffKey;
        _storage = storage;
        _sidecar = sidecar;
        _channel = channel;
    }

    public WebApplication App { get; }

    /// <summary>Where the API listens, e.g. <c>http://127.0.0.1:7071</c> (no trailing slash).</summary>
    public Uri BaseUrl { get; }

    public string TaskHubName { get; }

    /// <summary>The staff key generated at this start, when <c>Ami:StaffKey</c> was not configured.</summary>
    public string? GeneratedStaffKey { get; }

    /// <summary>The staff key in force (configured or generated).</summary>
    public string StaffKey => App.Configuration["Ami:StaffKey"] ?? "";

    /// <summary>The storage connection string in use (Azurite's when started here).</summary>
    public string StorageConnectionString => App.Configuration[StorageOptions.ConnectionName] ?? "";

    /// <summary>Folder of the Azurite started by this host, null when storage was configured.</summary>
    public string? AzuriteLocation => _storage?.Location;

    public DurableTaskClient Client => App.Services.GetRequiredService<DurableTaskClient>();

    public MailCapture Mails => App.Services.GetRequiredService<MailCapture>();

    public IServiceProvider Services => App.Services;

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex TaskHubNamePattern();

    /// <summary>
    /// The local host's Kestrel (also what the intake benchmark runs on): requests up to 100 MB, as the
    /// Functions host allows (Kestrel's default is 30 MB); and each read of a connection goes straight to
    /// the socket, without first waiting for data with a zero-byte read. The default halves the memory of
    /// idle connections, but doubles the system calls of an upload (Kestrel reads at most 4 KB at a time):
    /// measured with the intake benchmark, −0.3 to −0.4 CPU-s per GB received.
    /// </summary>
    public static void ConfigureServer(IWebHostBuilder web)
    {
        ArgumentNullException.ThrowIfNull(web);
        web.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        web.UseSockets(sockets => sockets.WaitForDataBeforeAllocatingBuffer = false);
    }

    /// <summary>Starts storage (if needed), the engine and the app; returns once it accepts requests.</summary>
    /// <param name="args">Command line: <c>--urls</c> and any setting (<c>--AzureWebJobsStorage=…</c>).</param>
    public static async Task<AmiLocalHost> StartAsync(string[] args, LocalHostHooks? hooks = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(args);
        hooks?.ConfigureBuilder?.Invoke(builder);
        var configuration = builder.Configuration;
        var settings = configuration.GetSection(LocalHostOptions.Section).Get<LocalHostOptions>() ?? new LocalHostOptions();
        var taskHub = configuration[LocalHostOptions.TaskHubSetting] is { Length: > 0 } hub ? hub : LocalHostOptions.DefaultTaskHub;
        if (!TaskHubNamePattern().IsMatch(taskHub))
        {
            throw new InvalidOperationException($"TASKHUB_NAME « {taskHub} » invalide : 3 à 45 lettres ou chiffres, commençant par une lettre.");
        }

        settings.Engine.Validate();

        var (urls, baseUrl) = ResolveUrls(configuration["urls"]);
        builder.WebHost.UseUrls(urls);
        ConfigureServer(builder.WebHost);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(KestrelRejections.Use));
        var repoRoot = FindRepositoryRoot();

        LocalStorage? storage = null;
        ClamdProcess? clamd = null;
        DurableTaskSidecar? sidecar = null;
        GrpcChannel? channel = null;
        WebApplication? app = null;
        try
        {
            var defaults = new Dictionary<string, string?>();
            if (string.IsNullOrWhiteSpace(configuration[StorageOptions.ConnectionName]))
            {
                var location = settings.AzuriteLocation ?? Path.Combine(repoRoot ?? builder.Environment.ContentRootPath, ".azurite");
                storage = await LocalStorage.StartAsync(Path.GetFullPath(location), settings.AzuriteStandardPorts, cancellationToken);
                defaults[StorageOptions.ConnectionName] = storage.Azurite.ConnectionString;
            }

            clamd = await StartAntivirusAsync(configuration, settings, defaults, cancellationToken);
            string? generatedStaffKey = null;
            if (string.IsNullOrEmpty(configuration["Ami:StaffKey"]))
            {
                generatedStaffKey = RandomNumberGenerator.GetHexString(32, lowercase: true);
                defaults["Ami:StaffKey"] = generatedStaffKey;
            }

            AddDefault(defaults, configuration, "Ami:PublicBaseUrl", baseUrl.ToString().TrimEnd('/'));
            AddDefault(defaults, configuration, "Ami:LinkKeys:Current", () => LocalLinkKey(repoRoot ?? builder.Environment.ContentRootPath));
            AddDefault(defaults, configuration, "SendGrid:Host", baseUrl.ToString().TrimEnd('/'));
            AddDefault(defaults, configuration, "DIGEST_SCHEDULE", "0 0 6,7 * * *"); // as in Azure: the job sends at 08:00 Paris
            AddDefault(defaults, configuration, "SendGrid:ApiKey", "SG.local-capture-not-a-real-key");
            AddDefault(defaults, configuration, "Logging:LogLevel:Microsoft.AspNetCore", "Warning");
            AddDefault(defaults, configuration, "Logging:LogLevel:Microsoft.Extensions.Hosting", "Warning");
            AddDefault(defaults, configuration, "Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning");
            AddDefault(defaults, configuration, "Logging:LogLevel:Microsoft.DurableTask", "Warning");
            AddDefault(defaults, configuration, "Logging:LogLevel:DurableTask", "Warning");
            AddDefault(defaults, configuration, "Logging:LogLevel:Grpc", "Warning");
            AddLocalStaffAccounts(defaults, configuration);
            configuration.AddInMemoryCollection(defaults);

            sidecar = await DurableTaskSidecar.StartAsync(
                configuration[StorageOptions.ConnectionName]!,
                taskHub,
                logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddSimpleConsole(o => o.SingleLine = true),
                settings.Engine,
                cancellationToken,
                OrchestrationVersioning.Load(configuration));
            channel = GrpcChannel.ForAddress(sidecar.Address);

            ConfigureServices(builder.Services, configuration, settings, channel, hooks);
            if (storage is not null)
            {
                // With its own Azurite, the host keeps the captured mails beside Azurite's data: they survive a restart.
                builder.Services.AddSingleton(new MailCapture(Path.Combine(storage.Location, "captured-mails.jsonl")));
            }

            app = builder.Build();
            MapEndpoints(app, settings, hooks);
            await app.StartAsync(cancellationToken);
            return new AmiLocalHost(app, baseUrl, taskHub, generatedStaffKey, storage, sidecar, channel) { Clamd = clamd };
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            channel?.Dispose();
            if (sidecar is not null)
            {
                await sidecar.DisposeAsync();
            }

            if (storage is not null)
            {
                await storage.DisposeAsync();
            }

            if (clamd is not null)
            {
                await clamd.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>The app's services: the workflow's composition plus the engine's SDK worker and client.</summary>
    public static void ConfigureServices(IServiceCollection services, IConfiguration configuration, LocalHostOptions settings, GrpcChannel engine, LocalHostHooks? hooks = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        services.AddAmiWorkflow(configuration);
        services.AddAmiPages();
        services.TryAddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.AddAmiOpenApi();
        services.AddSingleton<MailCapture>();
        services.AddSingleton(new LocalTimerTable().MapAmiTimers());
        services.AddHostedService<LocalTimerService>();
        services.AddSingleton<CampaignLoader>();
        services.AddHostedService(sp => sp.GetRequiredService<CampaignLoader>());
        services.AddDurableTaskWorker(worker =>
        {
            worker.UseGrpc(engine);
            worker.AddTasks(registry =>
            {
                registry.AddAmiTasks();
                if (settings.EnableTestProbes)
                {
                    registry.AddTestProbes();
                }

                hooks?.AddTasks?.Invoke(registry);
            });
        });
        services.AddDurableTaskClient(client =>
        {
            client.UseGrpc(engine);

            // As the Functions host: an instance started without a version (calendar, scan, probes) gets host.json's
            // defaultVersion; the engine runs only the versions it accepts (OrchestrationVersioning).
            if (OrchestrationVersioning.Load(configuration) is { DefaultVersion.Length: > 0 } versioning)
            {
                client.UseDefaultVersion(versioning.DefaultVersion);
            }
        });
        hooks?.ConfigureServices?.Invoke(services);
    }

    /// <summary>The app's endpoints: the API, the SendGrid capture and the captured mails (loopback only).</summary>
    public static void MapEndpoints(WebApplication app, LocalHostOptions settings, LocalHostHooks? hooks = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(settings);
        // Unhandled errors become problem+json; a request Kestrel refuses while a handler reads it (body over
        // the limit: 413) keeps its status instead of turning into a 500.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        // An error answer of the app without a body (an unknown route, a method not allowed) gets a problem document;
        // Kestrel's own refusals get theirs from KestrelRejections.
        app.UseStatusCodePages(KestrelRejections.WriteForEmptyResponseAsync);
        app.MapAmiApi();
        app.MapAmiPages();
        app.MapAmiJurorPages();
        app.MapAmiStaffPages();
        app.MapAmiWorkspacePages();

        var capture = app.Services.GetRequiredService<MailCapture>();
        var dev = app.MapGroup("").AddEndpointFilter(static async (context, next) =>
            context.HttpContext.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip) ? await next(context) : Results.NotFound());
        dev.MapSendGridCapture(capture);
        dev.MapCapturedMails(capture);
        if (settings.EnableTestProbes)
        {
            dev.MapTestProbes();
        }

        app.MapGet("/", () => Results.Text("AmiFunctions local host: API under /api (GET /api/health), captured mails at /dev/mails.\n"));
        hooks?.ConfigureApp?.Invoke(app);
    }

    /// <summary>What a person needs to use the host: printed once at start (the generated key is not logged).</summary>
    public void WriteBanner(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var url = BaseUrl.ToString().TrimEnd('/');
        var loader = Services.GetRequiredService<CampaignLoader>();
        var lines = new List<string?>
        {
            "",
            "AmiFunctions – hôte local",
            $"  API           {url}/api   (GET {url}/api/health)",
            $"  Clé staff     {(GeneratedStaffKey is null ? "celle de Ami:StaffKey (configurée)" : GeneratedStaffKey + "   (générée pour ce lancement ; fixez-la avec Ami__StaffKey)")}",
            $"  Stockage      {(AzuriteLocation is null ? "AzureWebJobsStorage (configuré)" : "Azurite, données dans " + AzuriteLocation)} · task hub {TaskHubName}",
            Antivirus,
            $"  Mails         {url}/dev/mails   (SendGrid → {App.Configuration["SendGrid:Host"]})",
            $"  Campagnes     {string.Join(", ", loader.Loaded.DefaultIfEmpty("(aucune : pas de stockage de campagnes)"))}",
            loader.Demo is { } demo
                ? $"  Démo          {demo.Id} : {(demo.Deadline.IsPassed(DateTimeOffset.UtcNow) ? "close depuis le" : "ouverte jusqu'au")} {demo.Deadline.Text} (heure de Paris), attentes et relances en minutes"
                : null,
            "",
            "  Exemple :",
            $"    curl -H \"x-functions-key: {(GeneratedStaffKey ?? "$Ami__StaffKey")}\" {url}/api/campaigns",
            "",
        };
        foreach (var line in lines.OfType<string>())
        {
            output.WriteLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await App.StopAsync(timeout.Token);
            await App.DisposeAsync();
        }
        finally
        {
            _channel.Dispose();
            await _sidecar.DisposeAsync();
            if (_storage is not null)
            {
                await _storage.DisposeAsync();
            }

            if (Clamd is not null)
            {
                await Clamd.DisposeAsync();
            }
        }
    }

    private static void AddDefault(Dictionary<string, string?> defaults, IConfiguration configuration, string key, string value) =>
        AddDefault(defaults, configuration, key, () => value);

    private static void AddDefault(Dictionary<string, string?> defaults, IConfiguration configuration, string key, Func<string> value)
    {
        if (string.IsNullOrEmpty(configuration[key]) && !defaults.ContainsKey(key))
        {
            defaults[key] = value();
        }
    }

    /// <summary>
    /// The URLs to listen on (<c>--urls</c>, default <see cref="LocalHostOptions.DefaultUrl"/>; a port 0 becomes
    /// a free port) and the host's own base URL (the first, with a wildcard host replaced by 127.0.0.1).
    /// </summary>
    internal static (string Urls, Uri BaseUrl) ResolveUrls(string? configured)
    {
        var urls = (string.IsNullOrWhiteSpace(configured) ? LocalHostOptions.DefaultUrl : configured)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => u.EndsWith(":0", StringComparison.Ordinal) || u.Contains(":0/", StringComparison.Ordinal)
                ? Regex.Replace(u, @":0(/|$)", m => ":" + FreePort().ToString(CultureInfo.InvariantCulture) + m.Groups[1].Value)
                : u)
            .ToList();
        var first = urls[0].Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal);
        return (string.Join(';', urls), new Uri(first.TrimEnd('/')));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The repository root (folder of <c>AmiFunctions.sln</c>) above the current folder or the app.</summary>
    internal static string? FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "AmiFunctions.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// A link-signing key for local use, created once in <c>.local/link-signing.key</c> (ignored by git) so
    /// that links mailed before a restart still work after it.
    /// </summary>
    /// <summary>
    /// The sign-in page's demo accounts, one per staff role (their addresses are the demo campaign's people), unless
    /// accounts are configured or the platform's authentication is declared on.
    /// </summary>
    private static void AddLocalStaffAccounts(Dictionary<string, string?> defaults, IConfiguration configuration)
    {
        if (configuration.GetSection("Ami:StaffAuth:Accounts").GetChildren().Any()
            || string.Equals(configuration["Ami:StaffAuth:PlatformAuthentication"], "true", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        (string Id, string Name, string Email, string Role)[] demo =
        [
            ("instruction", "Claire Durand", "instruction@region.example", "instruction"),
            ("president", "Paul Lefèvre", "president@region.example", "jury-president"),
            ("cp", "Sophie Bernard", "cp@region.example", "cp-secretariat"),
            ("finance", "Marc Petit", "finance@region.example", "finance"),
            ("admin", "Nadia Roux", "admin@region.example", "admin"),
        ];
        for (var i = 0; i < demo.Length; i++)
        {
            var at = $"Ami:StaffAuth:Accounts:{i.ToString(System.Globalization.CultureInfo.InvariantCulture)}:";
            defaults[at + "Id"] = demo[i].Id;
            defaults[at + "Name"] = demo[i].Name;
            defaults[at + "Email"] = demo[i].Email;
            defaults[at + "Roles:0"] = demo[i].Role;
        }
    }

    private static string LocalLinkKey(string root)
    {
        var folder = Path.Combine(root, ".local");
        var path = Path.Combine(folder, "link-signing.key");
        Directory.CreateDirectory(folder);
        try
        {
            using var created = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            using var writer = new StreamWriter(created);
            writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }
        catch (IOException) when (File.Exists(path))
        {
            // created by an earlier start
        }

        for (var attempt = 0; ; attempt++)
        {
            var key = File.ReadAllText(path).Trim();
            if (key.Length >= 44 || attempt == 20)
            {
                return key;
            }

            Thread.Sleep(50); // another process is writing it right now
        }
    }
}
