using System.Net;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;

namespace Ami.LocalHost.Durable;

/// <summary>
/// The Durable Task engine of the local host: the Durable Task Framework's Azure Storage provider (the one
/// Durable Functions uses by default) on the configured storage account, served over the Durable Task gRPC
/// protocol by <see cref="TaskHubGrpcServer"/> in a small Kestrel app of its own (HTTP/2 cleartext on a
/// free loopback port). The app's standard SDK worker and client connect to <see cref="Address"/>, exactly
/// as the Functions host's Durable extension serves them in Azure.
/// </summary>
/// <remarks>
/// Started before the app and stopped after it (<see cref="DisposeAsync"/>), so the worker never talks to
/// a stopped engine and the engine releases its leases and in-flight messages before the process ends
/// (otherwise they stay invisible for the control queue's visibility timeout). The sidecar ignores Ctrl+C
/// itself: it stops only when the local host stops it.
/// </remarks>
public sealed class DurableTaskSidecar : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly StopOnceOrchestrationService _service;
    private int _disposed;

    private DurableTaskSidecar(WebApplication app, StopOnceOrchestrationService service, Uri address)
    {
        _app = app;
        _service = service;
        Address = address;
    }

    /// <summary>The gRPC endpoint (<c>http://127.0.0.1:PORT</c>) of the engine.</summary>
    public Uri Address { get; }

    /// <summary>
    /// Visibility timeout of dequeued control and work-item messages: 15 s on this loopback Azurite (Azure: 30 s,
    /// host.json's <c>controlQueueVisibilityTimeout</c> and <c>workItemQueueVisibilityTimeout</c>).
    /// </summary>
    public static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Creates the task hub's tables, queues and containers if needed, then serves the engine.</summary>
    /// <param name="connectionString">Storage account (Azurite or Azure) connection string.</param>
    /// <param name="taskHubName">Task hub name: 3-45 letters and digits, starting with a letter.</param>
    /// <param name="configureLogging">Logging of the engine (the host passes its own providers and filters).</param>
    /// <param name="engine">The engine's settings (defaults when null).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <param name="versioning">
    /// The Functions host's orchestration versioning (<see cref="OrchestrationVersioning"/>), applied to every work item;
    /// null: every instance runs.
    /// </param>
    public static async Task<DurableTaskSidecar> StartAsync(
        string connectionString,
        string taskHubName,
        Action<ILoggingBuilder> configureLogging,
        EngineOptions? engine = null,
        CancellationToken cancellationToken = default,
        OrchestrationVersioning? versioning = null)
    {
        engine ??= new EngineOptions();
        engine.Validate();
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentException.ThrowIfNullOrEmpty(taskHubName);
        ArgumentNullException.ThrowIfNull(configureLogging);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        configureLogging(builder.Logging);
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));

        // Only the local host stops the engine, after the app's worker has stopped: not Ctrl+C directly.
        builder.Services.AddSingleton<IHostLifetime, ManualLifetime>();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(sp => new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = taskHubName,
            StorageAccountClientProvider = new StorageAccountClientProvider(connectionString),
            LoggerFactory = sp.GetRequiredService<ILoggerFactory>(),
            PartitionCount = engine.PartitionCount,
            ExtendedSessionsEnabled = engine.ExtendedSessions,

            // Locally a person clicks and waits for the next mail: poll idle queues every 2 s at most by default
            // (the provider's default backs off to 30 s, which makes a demo step or a timer look stuck).
            // Azurite on loopback does not mind; Azure keeps host.json's 30 s (see README).
            MaxQueuePollingInterval = TimeSpan.FromSeconds(engine.MaxQueuePollingSeconds),

            // After a crash (kill -9), the messages the dead process had dequeued come back only when their
            // visibility timeout runs out: 5 minutes by default, i.e. ~5 minutes of lag. Orchestrator episodes
            // take well under a second and activities are short; a running work item's messages are renewed by
            // the engine while it runs, so a short timeout costs nothing but a rare duplicate delivery, which
            // the engine discards (orchestrations) or the activity absorbs (idempotent).
            ControlQueueVisibilityTimeout = VisibilityTimeout,
            WorkItemQueueVisibilityTimeout = VisibilityTimeout,
        }));
        builder.Services.AddSingleton(sp => new StopOnceOrchestrationService(
            sp.GetRequiredService<AzureStorageOrchestrationService>(),
            versioning,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Ami.LocalHost.Durable.Versioning")));
        builder.Services.AddSingleton<IOrchestrationService>(sp => sp.GetRequiredService<StopOnceOrchestrationService>());
        builder.Services.AddSingleton<IOrchestrationServiceClient>(sp => sp.GetRequiredService<AzureStorageOrchestrationService>());
        builder.Services.AddSingleton<TaskHubGrpcServer>();

        var app = builder.Build();
        app.MapGrpcService<TaskHubGrpcServer>();
        var service = app.Services.GetRequiredService<StopOnceOrchestrationService>();
        try
        {
            // Clients may start instances before the worker connects (the dispatchers wait for it).
            await service.CreateIfNotExistsAsync().WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var url = app.Urls.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal);
        return new DurableTaskSidecar(app, service, new Uri(url));
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
            await _app.StopAsync(timeout.Token);
        }
        finally
        {
            // The gRPC server stops its dispatchers and then the provider in an async void callback that
            // nobody awaits: await that same stop (or make it), so leases are released and fetched messages
            // abandoned before the process exits.
            await _service.StopAfterDispatchersAsync(TimeSpan.FromSeconds(10));
            await _app.DisposeAsync();
        }
    }

    /// <summary>A host lifetime that does not listen to Ctrl+C/SIGTERM: the owner stops the host.</summary>
    private sealed class ManualLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
