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
//   dotnet run -c Release --project bench/Ami.Bench.Intake [-- --clients 8 --dossiers 3 --megabytes 10 --rounds 3 --large-megabytes 200]
// Runs the intake as the hosts do (AddAmiWorkflow + the local host's MapAmiApi, on Kestrel, server GC) in
// this process, on an Azurite it starts (data on disk, in a temporary folder), with the Durable Task engine
// in memory (DurableTaskTestHost) and a journey that does nothing, so that only the intake is measured
// (scheduling included); then:
//  1. throughput: N clients each submitting dossiers of M MB of attachments (two PDFs) over HTTP, against the
//     same clients PUTting the same bytes straight to Blob storage with the Azure SDK (same Azurite);
//  2. memory: the growth of this process (working set, managed heap) while one dossier with a single
//     attachment of L MB is uploaded (the campaign's limits raised for that run).
var options = BenchOptions.Parse(args);
var culture = CultureInfo.InvariantCulture;
Console.WriteLine(string.Create(culture, $"Intake benchmark: {options.Clients} clients x {options.Dossiers} dossiers x {options.Megabytes} MB, {options.Rounds} rounds; large upload {options.LargeMegabytes} MB"));
Console.WriteLine($"GC: {(GCSettings.IsServerGC ? "server" : "workstation")}, {Environment.ProcessorCount} cores, .NET {Environment.Version}");

var azuriteFolder = Directory.CreateTempSubdirectory("ami-bench-azurite-");
try
{
    await using var azurite = await AzuriteProcess.StartAsync(azuriteFolder.FullName);
    await using var host = await IntakeHost.StartAsync(azurite.ConnectionString);
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
    var campaigns = host.Services.GetRequiredService<ICampaignStore>();
    var dossierJson = await File.ReadAllTextAsync(Path.Combine(BenchOptions.RepositoryRoot, "samples", "dossier.json"));

    // Two attachments of M/2 MB each: a PDF header then random bytes (incompressible, like scans).
    var half = options.Megabytes * 1024 * 1024 / 2;
    var statutes = Payload.Pdf(half, seed: 1);
    var accounts = Payload.Pdf(half, seed: 2);
    var bytesPerDossier = (long)statutes.Length + accounts.Length;
    var campaign = await CreateCampaignAsync(campaigns, "bench-throughput", new AttachmentLimits());

    // Warm-up (JIT, connections, tables).
    await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(_ => SubmitAsync(http, campaign.Id, dossierJson, statutes, accounts)));
    var raw = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("bench-raw");
    await raw.CreateIfNotExistsAsync();
    await raw.GetBlobClient("warm-up").UploadAsync(BinaryData.FromBytes(statutes), overwrite: true);

    var handlerRates = new List<double>();
    var rawRates = new List<double>();
    var ratios = new List<double>();
    using var self = Process.GetCurrentProcess();
    using var azuriteProcess = Process.GetProcessById(azurite.ProcessId);
    (TimeSpan App, TimeSpan Azurite) Cpu()
    {
        self.Refresh();
        azuriteProcess.Refresh();
        return (self.TotalProcessorTime, azuriteProcess.TotalProcessorTime);
    }
    for (var round = 1; round <= options.Rounds; round++)
    {
        var total = bytesPerDossier * options.Clients * options.Dossiers;
        var gb = total / 1073741824d;

        async Task<(double Rate, (TimeSpan App, TimeSpan Azurite) Cpu)> MeasureAsync(Func<int, int, Task> send)
        {
            var before = Cpu();
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(async client =>
            {
                for (var i = 0; i < options.Dossiers; i++)
                {
                    await send(client, i);
                }
            }));
            var rate = total / 1048576d / watch.Elapsed.TotalSeconds;
            var after = Cpu();
            return (rate, (after.App - before.App, after.Azurite - before.Azurite));
        }

        Task<(double Rate, (TimeSpan App, TimeSpan Azurite) Cpu)> IntakeAsync() =>
            MeasureAsync((_, _) => SubmitAsync(http, campaign.Id, dossierJson, statutes, accounts));

        var currentRound = round;
        Task<(double Rate, (TimeSpan App, TimeSpan Azurite) Cpu)> RawAsync() =>
            MeasureAsync(async (client, i) =>
            {
                var prefix = $"r{currentRound}/c{client}/d{i}/";
                await raw.GetBlobClient(prefix + "statuts.pdf").UploadAsync(BinaryData.FromBytes(statutes));
                await raw.GetBlobClient(prefix + "comptes.pdf").UploadAsync(BinaryData.FromBytes(accounts));
            });

        // Alternate which goes first, so that a drift of the machine's load does not favour one side.
        (double Rate, (TimeSpan App, TimeSpan Azurite) Cpu) intake, direct;
        if (round % 2 == 1)
        {
            intake = await IntakeAsync();
            direct = await RawAsync();
        }
        else
        {
            direct = await RawAsync();
            intake = await IntakeAsync();
        }

        handlerRates.Add(intake.Rate);
        rawRates.Add(direct.Rate);
        ratios.Add(intake.Rate / direct.Rate);
        Console.WriteLine(string.Create(culture, $"round {round}: intake {intake.Rate,7:F1} MB/s   raw Blob PUT {direct.Rate,7:F1} MB/s   ratio {intake.Rate / direct.Rate:F2}   " +
            $"CPU s/GB: intake app {intake.Cpu.App.TotalSeconds / gb:F1} + Azurite {intake.Cpu.Azurite.TotalSeconds / gb:F1}, raw app {direct.Cpu.App.TotalSeconds / gb:F1} + Azurite {direct.Cpu.Azurite.TotalSeconds / gb:F1}"));
    }

    var medianHandler = Median(handlerRates);
    var medianRaw = Median(rawRates);
    Console.WriteLine(string.Create(culture, $"THROUGHPUT (median of {options.Rounds} rounds): intake {medianHandler:F1} MB/s, raw {medianRaw:F1} MB/s, median ratio {Median(ratios):F2} (target >= 0.80)"));

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
        var dossierId = body.RootElement.GetProperty("dossierId").GetString();
        using var view = new HttpRequestMessage(HttpMethod.Get, $"/api/dossiers/{dossierId}");
        view.Headers.Add("x-functions-key", "bench-staff-key");
        using var viewed = await http.SendAsync(view);
        using var viewBody = JsonDocument.Parse(await viewed.Content.ReadAsStringAsync());
        var stored = viewBody.RootElement.GetProperty("attachments").EnumerateArray().Single(a => a.GetProperty("kind").GetString() == "annual-accounts");
        var sameHash = stored.GetProperty("sha256").GetString() == stream.Sha256Hex;
        Console.WriteLine(string.Create(culture, $"large upload: {options.LargeMegabytes} MB in {elapsed.TotalSeconds:F1} s ({options.LargeMegabytes / elapsed.TotalSeconds:F1} MB/s), stored size {stored.GetProperty("size").GetInt64()} bytes, SHA-256 {(sameHash ? "matches" : "DIFFERS")}"));
    }

    Console.WriteLine(string.Create(culture, $"MEMORY during the {options.LargeMegabytes} MB upload: working set +{sampler.WorkingSetGrowth / 1048576d:F1} MB (peak {sampler.PeakWorkingSet / 1048576d:F1} MB), managed heap +{sampler.HeapGrowth / 1048576d:F1} MB (target < 64 MB)"));
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

static async Task SubmitAsync(HttpClient http, string campaignId, string json, byte[] statutes, byte[] accounts)
{
    using var content = new MultipartFormDataContent();
    content.Add(new StringContent(json, Encoding.UTF8, "application/json"), "dossier");
    var s = new ByteArrayContent(statutes);
    s.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
    content.Add(s, "statutes", "statuts.pdf");
    var a = new ByteArrayContent(accounts);
    a.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
    content.Add(a, "annual-accounts", "comptes.pdf");
    using var response = await http.PostAsync($"/api/campaigns/{campaignId}/dossiers", content);
    if (response.StatusCode != HttpStatusCode.Created)
    {
        throw new InvalidOperationException($"Submission answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}
