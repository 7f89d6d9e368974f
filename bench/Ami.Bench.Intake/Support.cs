using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Ami.LocalHost;
using Ami.Workflow;
using Ami.Workflow.Orchestrations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ami.Bench.Intake;

/// <summary>The intake's HTTP app (the hosts' composition and routes) on Kestrel, with an in-memory Durable engine.</summary>
internal sealed class IntakeHost : IBenchHost
{
    private readonly WebApplication _app;
    private readonly DurableTaskTestHost _durable;

    private IntakeHost(WebApplication app, DurableTaskTestHost durable, Uri baseAddress)
    {
        _app = app;
        _durable = durable;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    public string StaffKey => "bench-staff-key";

    public static async Task<IntakeHost> StartAsync(string storage)
    {
        // The test host's gRPC sidecar is a web host of its own that logs every call to the console at
        // Information (its options' LoggerFactory does not reach it); its configuration reads the environment.
        Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
        var durable = await DurableTaskTestHost.StartAsync(
            r => r.AddOrchestratorFunc<JourneyInput, string>(JourneyNames.Orchestrator, (_, input) => Task.FromResult(input.DossierId)),
            new DurableTaskTestHostOptions { LoggerFactory = NullLoggerFactory.Instance });
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        AmiLocalHost.ConfigureServer(builder.WebHost);
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storage,
            ["Ami:StaffKey"] = "bench-staff-key",
            ["Ami:CampaignsPath"] = Path.Combine(BenchOptions.RepositoryRoot, "campaigns"),
            ["Ami:LinkKeys:Current"] = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes("bench-link-signing-key-of-32-bytes!!!!")),
            ["SendGrid:ApiKey"] = "SG.bench",
            ["SendGrid:Host"] = "http://127.0.0.1:9",
        });
        builder.Services.AddAmiWorkflow(builder.Configuration);
        builder.Services.AddSingleton(durable.Client);
        var app = builder.Build();
        app.MapAmiApi();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new IntakeHost(app, durable, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _durable.DisposeAsync();
    }
}

internal sealed record BenchOptions(int Clients, int Dossiers, int Megabytes, int Rounds, int LargeMegabytes, int WarmUpSeconds)
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static BenchOptions Parse(string[] args)
    {
        int Get(string name, int fallback)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        }

        return new BenchOptions(Get("clients", 8), Get("dossiers", 4), Get("megabytes", 10), Get("rounds", 6), Get("large-megabytes", 200), Get("warm-up-seconds", 20));
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AmiFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root (AmiFunctions.sln) not found.");
    }
}

internal static class Payload
{
    /// <summary>A "PDF" of <paramref name="size"/> bytes: the PDF header, then random (incompressible) bytes.</summary>
    public static byte[] Pdf(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }
}

/// <summary>An attachment generated while it is sent (never in memory), hashed on the way for comparison.</summary>
internal sealed class StreamingPdfContent : HttpContent
{
    private readonly long _length;
    private readonly int _seed;

    public StreamingPdfContent(long length, int seed)
    {
        _length = length;
        _seed = seed;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
    }

    public string Sha256Hex { get; private set; } = "";

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var random = new Random(_seed);
        var buffer = new byte[64 * 1024];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long sent = 0;
        while (sent < _length)
        {
            var n = (int)Math.Min(buffer.Length, _length - sent);
            random.NextBytes(buffer.AsSpan(0, n));
            if (sent == 0)
            {
                "%PDF-1.7\n"u8.CopyTo(buffer);
            }

            hash.AppendData(buffer, 0, n);
            await stream.WriteAsync(buffer.AsMemory(0, n));
            sent += n;
        }

        Sha256Hex = Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }
}

/// <summary>Samples this process's working set and managed heap every few milliseconds; keeps the peaks.</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly long _baseWorkingSet;
    private readonly long _baseHeap;
    private readonly Thread _thread;
    private volatile bool _running = true;

    public MemorySampler()
    {
        using var self = Process.GetCurrentProcess();
        _baseWorkingSet = self.WorkingSet64;
        _baseHeap = GC.GetTotalMemory(forceFullCollection: false);
        PeakWorkingSet = _baseWorkingSet;
        PeakHeap = _baseHeap;
        _thread = new Thread(Run) { IsBackground = true, Name = "memory sampler" };
        _thread.Start();
    }

    public long PeakWorkingSet { get; private set; }

    public long PeakHeap { get; private set; }

    public long WorkingSetGrowth => PeakWorkingSet - _baseWorkingSet;

    public long HeapGrowth => PeakHeap - _baseHeap;

    public void Stop()
    {
        _running = false;
        _thread.Join();
    }

    public void Dispose()
    {
        if (_running)
        {
            Stop();
        }
    }

    private void Run()
    {
        using var self = Process.GetCurrentProcess();
        while (_running)
        {
            self.Refresh();
            PeakWorkingSet = Math.Max(PeakWorkingSet, self.WorkingSet64);
            PeakHeap = Math.Max(PeakHeap, GC.GetTotalMemory(forceFullCollection: false));
            Thread.Sleep(5);
        }
    }
}

/// <summary>One side of the throughput comparison: how it sends one dossier's bytes, and its totals.</summary>
internal sealed class Side(string name, Func<int, int, int, Task> send)
{
    public string Name { get; } = name;

    /// <summary>Sends dossier <c>i</c> of client <c>c</c> in round <c>r</c> (arguments r, c, i).</summary>
    public Func<int, int, int, Task> Send { get; } = send;

    public TimeSpan Elapsed { get; private set; }

    public TimeSpan App { get; private set; }

    public TimeSpan Azurite { get; private set; }

    /// <summary>The time of each round (the same bytes every round).</summary>
    public List<TimeSpan> Rounds { get; } = [];

    /// <summary>This side's throughput over the other's, round by round.</summary>
    public IReadOnlyList<double> Ratios(Side other) => Rounds.Zip(other.Rounds, (mine, theirs) => theirs / mine).ToArray();

    public void Add(TimeSpan elapsed, TimeSpan app, TimeSpan azurite)
    {
        Rounds.Add(elapsed);
        Elapsed += elapsed;
        App += app;
        Azurite += azurite;
    }
}
