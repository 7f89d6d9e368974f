using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ami.Bench.Intake;
using Ami.Domain.Campaigns;
using Ami.Domain.Money;
using Ami.LocalHost.Dev;
using Ami.Workflow.Ports;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;

// Intake benchmark. Usage (from the repository root):
//   dotnet run -c Release --project bench/Ami.Bench.Intake
//     [-- --clients 8 --dossiers 4 --megabytes 10 --rounds 6 --warm-up-seconds 20 --large-megabytes 200 --shared-cores]
//   dotnet run -c Release --project bench/Ami.Bench.Intake -- --ops    (what each storage request costs Azurite)
//   dotnet run -c Release --project bench/Ami.Bench.Intake -- --real-journey [--no-large]
//     (the intake side on the local host itself: each submission starts its real journey on the real engine, on the
//     same Azurite; see RealJourneyHost)
// Runs the intake as the local host does (AddAmiWorkflow + MapAmiApi, on the local host's Kestrel settings,
// server GC) in this process, on an Azurite it starts (data on disk, in a temporary folder, access log off;
// on Linux, on a core of its own unless --shared-cores: see CpuPinning),
// with the Durable Task engine in memory (DurableTaskTestHost) and a journey that does nothing, so that only
// the intake is measured (scheduling included); then:
//  1. throughput: N clients each submitting dossiers of M MB of attachments (two PDFs) over HTTP, next to
//     (a) the same clients sending the same multipart to a bare forwarder (ProxyBound: the bound of any
//     intake over HTTP on this machine) and (b) the same clients PUTting the same bytes straight to Blob
//     storage with the Azure SDK; same Azurite, rounds in rotating order, totals over all rounds;
//  2. memory: the growth of this process (working set, managed heap) while one dossier with a single
//     attachment of L MB is uploaded (the campaign's limits raised for that run).
var options = BenchOptions.Parse(args);
if (args.Contains("--ops"))
{
    await AzuriteOps.RunAsync(options.Clients, 200);
    return;
}

var culture = CultureInfo.InvariantCulture;
Console.WriteLine(string.Create(culture, $"Intake benchmark: {options.Clients} clients x {options.Dossiers} dossiers x {options.Megabytes} MB, {options.Rounds} rounds; large upload {options.LargeMegabytes} MB"));
Console.WriteLine($"GC: {(GCSettings.IsServerGC ? "server" : "workstation")}, {Environment.ProcessorCount} cores, .NET {Environment.Version}");

var azuriteFolder = Directory.CreateTempSubdirectory("ami-bench-azurite-");
try
{
    await using var azurite = await AzuriteProcess.StartAsync(azuriteFolder.FullName);
    var pinned = CpuPinning.IsAvailable && !args.Contains("--shared-cores");
    if (pinned)
    {
        CpuPinning.GiveStorageItsOwnCore(azurite.ProcessId);
    }

    Console.WriteLine(pinned
        ? $"cores: Azurite on core 0; clients and app on the other {Environment.ProcessorCount - 1} (--shared-cores to share them all)"
        : $"cores: clients, app and Azurite share all {Environment.ProcessorCount}");
    var realJourney = args.Contains("--real-journey");
    Console.WriteLine(realJourney
        ? "journey: the real one, on the local host's engine (Azure Storage provider on the same Azurite); files declared safe at once"
        : "journey: one that does nothing, on an in-memory engine (--real-journey for the real one)");
    await using IBenchHost host = realJourney ? await RealJourneyHost.StartAsync(azurite.ConnectionString) : await IntakeHost.StartAsync(azurite.ConnectionString);
    using var http = Client(host.BaseAddress);
    var campaigns = host.Services.GetRequiredService<ICampaignStore>();
    var dossierJson = await File.ReadAllTextAsync(Path.Combine(BenchOptions.RepositoryRoot, "samples", "dossier.json"));

    // Two attachments of M/2 MB each: a PDF header then random bytes (incompressible, like scans).
    var half = options.Megabytes * 1024 * 1024 / 2;
    var statutes = Payload.Pdf(half, seed: 1);
    var accounts = Payload.Pdf(half, seed: 2);
    var bytesPerDossier = (long)statutes.Length + accounts.Length;
    var campaign = await CreateCampaignAsync(campaigns, "bench-throughput", new AttachmentLimits());

    // The bound: an app that only forwards the file parts to Blob storage (see ProxyBound).
    await using var proxy = await ProxyBound.StartAsync(azurite.ConnectionString);
    using var proxyHttp = Client(proxy.BaseAddress);
    var raw = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("bench-raw");
    await raw.CreateIfNotExistsAsync();

    Side[] Sides(byte[] first, byte[] second) =>
    [
        new("intake", (_, _, _) => SubmitAsync(http, campaign.Id, dossierJson, first, second)),
        new("proxy bound", (_, _, _) => SubmitToAsync(proxyHttp, ProxyBound.Route, dossierJson, first, second)),
        new("raw Blob PUT", async (round, client, i) =>
        {
            var prefix = $"r{round}/c{client}/d{i}/";
            await raw.GetBlobClient(prefix + "statuts.pdf").UploadAsync(BinaryData.FromBytes(first));
            await raw.GetBlobClient(prefix + "comptes.pdf").UploadAsync(BinaryData.FromBytes(second));
        }),
    ];
    var sides = Sides(statutes, accounts);

    // Warm-up of every side, long enough for the JIT's tiering to settle: measured earlier, its
    // background compilation takes a sizeable and varying share of the cores for the first ~20 s. Its
    // dossiers are small (same code, a tenth of the bytes): past ~10 GB written in a run, the virtual disk
    // of the development machine slows down (writeback), which then weighs on whichever side is running.
    var warmUpSides = Sides(Payload.Pdf(half / 10, seed: 5), Payload.Pdf(half / 10, seed: 6));
    var warmUp = Stopwatch.StartNew();
    var warmUps = 0;
    while (warmUp.Elapsed.TotalSeconds < options.WarmUpSeconds || warmUps == 0)
    {
        var n = warmUps++;
        foreach (var side in warmUpSides)
        {
            await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(c => side.Send(-1 - n, c, 0)));
        }
    }

    Console.WriteLine(string.Create(culture, $"warm-up: {warmUps} x {options.Clients} dossiers on each side in {warmUp.Elapsed.TotalSeconds:F0} s"));

    using var self = Process.GetCurrentProcess();
    using var azuriteProcess = Process.GetProcessById(azurite.ProcessId);
    (TimeSpan App, TimeSpan Azurite) Cpu()
    {
        self.Refresh();
        azuriteProcess.Refresh();
        return (self.TotalProcessorTime, azuriteProcess.TotalProcessorTime);
    }

    var bytesPerRound = bytesPerDossier * options.Clients * options.Dossiers;
    var gbPerRound = bytesPerRound / 1073741824d;
    for (var round = 1; round <= options.Rounds; round++)
    {
        // The order rotates from round to round, so that a drift of the machine (or of Azurite, which
        // slows down as its data grows) does not favour one side; totals are summed over all rounds.
        var line = new StringBuilder(string.Create(culture, $"round {round}:"));
        for (var k = 0; k < sides.Length; k++)
        {
            var side = sides[(k + round - 1) % sides.Length];
            var before = Cpu();
            var watch = Stopwatch.StartNew();
            var currentRound = round;
            await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(async client =>
            {
                for (var i = 0; i < options.Dossiers; i++)
                {
                    await side.Send(currentRound, client, i);
                }
            }));
            var elapsed = watch.Elapsed;
            var after = Cpu();
            side.Add(elapsed, after.App - before.App, after.Azurite - before.Azurite);
            line.Append(string.Create(culture, $"  {side.Name} {bytesPerRound / 1048576d / elapsed.TotalSeconds,6:F1} MB/s (CPU s/GB app {(after.App - before.App).TotalSeconds / gbPerRound:F1} + Azurite {(after.Azurite - before.Azurite).TotalSeconds / gbPerRound:F1})"));
        }

        Console.WriteLine(line);
    }

    double Rate(Side s) => bytesPerRound * options.Rounds / 1048576d / s.Elapsed.TotalSeconds;
    double PerGb(TimeSpan t) => t.TotalSeconds / (gbPerRound * options.Rounds);
    foreach (var side in sides)
    {
        Console.WriteLine(string.Create(culture, $"{side.Name,-13} {Rate(side),6:F1} MB/s over {options.Rounds} rounds; CPU s/GB: app (clients included) {PerGb(side.App):F1}, Azurite {PerGb(side.Azurite):F1}"));
    }

    Console.WriteLine(string.Create(culture, $"THROUGHPUT: intake {Rate(sides[0]):F1} MB/s = {Rate(sides[0]) / Rate(sides[2]):F2} x raw Blob PUT (target >= {(realJourney ? "0.50, the real journey running" : "0.80")}); " +
        $"the proxy bound reaches {Rate(sides[1]) / Rate(sides[2]):F2} x raw; intake = {Rate(sides[0]) / Rate(sides[1]):F2} x proxy bound"));
    Console.WriteLine(string.Create(culture, $"median of the per-round ratios: intake/raw {Median(sides[0].Ratios(sides[2])):F2}, proxy bound/raw {Median(sides[1].Ratios(sides[2])):F2}"));
    if (host is RealJourneyHost journeys)
    {
        // The journeys run on while the other sides are measured and after the last POST: say how far behind they were.
        var filed = (warmUps + options.Rounds * options.Dossiers) * options.Clients;
        var behind = filed - journeys.ValidationRequestsMailed;
        var catchUp = Stopwatch.StartNew();
        while (journeys.ValidationRequestsMailed < filed && catchUp.Elapsed < TimeSpan.FromMinutes(10))
        {
            await Task.Delay(100);
        }

        Console.WriteLine(string.Create(culture, $"journeys: {filed} dossiers filed; at the end of the last round {behind} had not yet mailed their validation request; all {journeys.ValidationRequestsMailed} mailed {catchUp.Elapsed.TotalSeconds:F1} s later"));
        if (args.Contains("--no-large"))
        {
            return;
        }
    }

    // Memory: one attachment of L MB, streamed by the client (never held in memory on either side).
    var largeBytes = (long)options.LargeMegabytes * 1024 * 1024;
    var large = await CreateCampaignAsync(campaigns, "bench-large", new AttachmentLimits
    {
        MaxFileBytes = largeBytes + (16 * 1024 * 1024),
        MaxDossierBytes = largeBytes + (32 * 1024 * 1024),
        MaxFiles = 20,
    });
    var largeStatutes = Payload.Pdf(64 * 1024, seed: 3);
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    using var sampler = new MemorySampler();
    var stream = new StreamingPdfContent(largeBytes, seed: 4);
    string? largeDossierId;
    using (var content = new MultipartFormDataContent())
    {
        content.Add(new StringContent(dossierJson, Encoding.UTF8, "application/json"), "dossier");
        content.Add(new ByteArrayContent(largeStatutes), "statutes", "statuts.pdf");
        content.Add(stream, "annual-accounts", "comptes.pdf");
        var watch = Stopwatch.StartNew();
        using var response = await http.PostAsync($"/api/campaigns/{large.Id}/dossiers", content);
        var elapsed = watch.Elapsed;
        sampler.Stop();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Large upload answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var dossierId = largeDossierId = body.RootElement.GetProperty("dossierId").GetString();
        using var view = new HttpRequestMessage(HttpMethod.Get, $"/api/dossiers/{dossierId}");
        view.Headers.Add("x-functions-key", host.StaffKey);
        using var viewed = await http.SendAsync(view);
        using var viewBody = JsonDocument.Parse(await viewed.Content.ReadAsStringAsync());
        var stored = viewBody.RootElement.GetProperty("attachments").EnumerateArray().Single(a => a.GetProperty("kind").GetString() == "annual-accounts");
        var sameHash = stored.GetProperty("sha256").GetString() == stream.Sha256Hex;
        Console.WriteLine(string.Create(culture, $"large upload: {options.LargeMegabytes} MB in {elapsed.TotalSeconds:F1} s ({options.LargeMegabytes / elapsed.TotalSeconds:F1} MB/s), stored size {stored.GetProperty("size").GetInt64()} bytes, SHA-256 {(sameHash ? "matches" : "DIFFERS")}"));
    }

    Console.WriteLine(string.Create(culture, $"MEMORY during the {options.LargeMegabytes} MB upload: working set +{sampler.WorkingSetGrowth / 1048576d:F1} MB (peak {sampler.PeakWorkingSet / 1048576d:F1} MB), managed heap +{sampler.HeapGrowth / 1048576d:F1} MB (target < 64 MB)"));

    // Antivirus: the same large attachment streamed from Blob storage to a real clamd (the project's signatures).
    if (host is RealJourneyHost)
    {
        Console.WriteLine("ANTIVIRUS: not measured with --real-journey (the local host's files are declared safe)");
    }
    else
    {
        await AntivirusScan.MeasureAsync(host.Services, largeDossierId!, options.LargeMegabytes);
    }
}
finally
{
    try
    {
        azuriteFolder.Delete(recursive: true);
    }
    catch (IOException)
    {
    }
}

static async Task<Campaign> CreateCampaignAsync(ICampaignStore store, string id, AttachmentLimits limits)
{
    var now = DateTimeOffset.UtcNow;
    var campaign = new Campaign
    {
        Id = id,
        Title = "Banc d'essai",
        ReferencePrefix = id.ToUpperInvariant(),
        OpensAt = now.AddDays(-1),
        Deadline = CampaignDeadline.LastSecond(now.AddDays(30)),
        MaxGrant = Euros.FromDecimal(40_000m),
        ContactEmail = "ami.is@aquitaine.fr",
        Staff = ["instruction@region.example"],
        Jurors = ["jure1@partner.example"],
        JuryPresident = "president@region.example",
        CpSecretariat = "cp@region.example",
        Finance = "finance@region.example",
        Attachments = limits,
    };
    await store.UpsertAsync(campaign, CancellationToken.None);
    return campaign;
}

static HttpClient Client(Uri baseAddress) =>
    new(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(10) };

static Task SubmitAsync(HttpClient http, string campaignId, string json, byte[] statutes, byte[] accounts) =>
    SubmitToAsync(http, $"/api/campaigns/{campaignId}/dossiers", json, statutes, accounts);

static async Task SubmitToAsync(HttpClient http, string path, string json, byte[] statutes, byte[] accounts)
{
    using var content = new MultipartFormDataContent();
    content.Add(new StringContent(json, Encoding.UTF8, "application/json"), "dossier");
    var s = new ByteArrayContent(statutes);
    s.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
    content.Add(s, "statutes", "statuts.pdf");
    var a = new ByteArrayContent(accounts);
    a.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
    content.Add(a, "annual-accounts", "comptes.pdf");
    using var response = await http.PostAsync(path, content);
    if (response.StatusCode != HttpStatusCode.Created)
    {
        throw new InvalidOperationException($"Submission answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}

static double Median(IReadOnlyList<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}
