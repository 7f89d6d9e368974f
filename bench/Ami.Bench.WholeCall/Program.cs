using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ami.Bench.WholeCall;
using Ami.Domain.Campaigns;
using Ami.Domain.Scoring;
using Ami.LocalHost.Dev;
using Ami.Testing;
using Microsoft.Extensions.DependencyInjection;

// A whole call on the local host's composition: the real journey on the real Durable Task engine (Azure Storage
// provider) over Azurite, a campaign whose waits are counted in seconds, N dossiers walked from filing to closed by
// people acting through the HTTP routes and the links of their mails. Per phase: wall time, storage requests per
// dossier (the app's and the engine's, by kind), CPU per dossier; then the journeys' history sizes and the mails.
// Usage: dotnet run -c Release --project bench/Ami.Bench.WholeCall [-- --dossiers 1000 --clients 8 --open-seconds N]
var dossiers = Option("--dossiers", 1000);
var clients = Option("--clients", 8);
var openSeconds = Option("--open-seconds", 20 + dossiers * 2 / 5);
var detail = args.Contains("--detail"); // each phase's requests per dossier, by request (method, table, queue, container)
var until = Array.IndexOf(args, "--until") is var u && u >= 0 && u + 1 < args.Length ? args[u + 1] : null; // stop after the phase that starts so
var stopped = false;
const string Staff = "instruction@region.bench.example";
string[] jurors = ["jure1@bench.example", "jure2@bench.example", "jure3@bench.example"];
const string President = "president@region.bench.example";
const string Cp = "cp@region.bench.example";
const string Finance = "finance@region.bench.example";

Console.WriteLine($"Whole call: {dossiers} dossiers, {clients} people acting at once, the call open {openSeconds} s ({Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {LoadAverage()}).");
Console.WriteLine($"Engine: {Option("--partitions", new Ami.LocalHost.EngineOptions().PartitionCount)} partitions, idle queues polled every {Option("--polling-seconds", 2)} s at most, extended sessions {(args.Contains("--extended-sessions") ? "on" : "off")}.");
var folder = Directory.CreateTempSubdirectory("ami-bench-wholecall-");
await using var azurite = await AzuriteProcess.StartAsync(folder.FullName);
var taskHub = "wholecall" + Guid.NewGuid().ToString("N")[..8];
using var requests = new StorageRequests(azurite.BlobPort, azurite.QueuePort, azurite.TablePort, taskHub);
await using var host = await InProcessLocalHost.StartAsync(azurite.ConnectionString, new Ami.LocalHost.LocalHostHooks { AddTasks = EngineFloor.Register, ConfigureServices = services => services.AddSingleton<Ami.Workflow.Ports.IAttachmentScanner, SafeScanner>() }, settings: new Dictionary<string, string>
{
    ["LocalHost:StartClamd"] = "false",
    ["Ami:Scanning:Engine"] = "None", // replaced by SafeScanner: every file safe at once
    ["Logging:LogLevel:Default"] = "Warning",
    ["LocalHost:Engine:PartitionCount"] = Option("--partitions", new Ami.LocalHost.EngineOptions().PartitionCount).ToString(CultureInfo.InvariantCulture),
    ["LocalHost:Engine:MaxQueuePollingSeconds"] = Option("--polling-seconds", 2).ToString(CultureInfo.InvariantCulture),
    ["LocalHost:Engine:ExtendedSessions"] = args.Contains("--extended-sessions") ? "true" : "false",
}, taskHubName: taskHub);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 }) { BaseAddress = host.BaseUrl, Timeout = TimeSpan.FromMinutes(5) };
var people = new People(http);
var mails = host.Mails;
var azuriteProcess = Process.GetProcessById(azurite.ProcessId);
var phases = new List<Phase>();

// The engine polls its queues even when idle: measured first, so that the phases' counts can be read without it.
await Measure("idle engine (10 s, no dossier)", 1, async () => await Task.Delay(TimeSpan.FromSeconds(10)));

// The campaign, through the API: 3 jurors, waits long enough that no reminder fires during the run.
var campaignId = "wholecall-" + Guid.NewGuid().ToString("N")[..6];
var lastSecond = DateTimeOffset.UtcNow.AddSeconds(openSeconds);
var campaign = new JsonObject
{
    ["id"] = campaignId,
    ["title"] = "AMI Innovation sociale – appel entier",
    ["referencePrefix"] = campaignId.ToUpperInvariant(),
    ["opensAt"] = Instant(lastSecond.AddDays(-30)),
    ["deadline"] = Instant(lastSecond),
    ["maxGrant"] = 40000,
    ["instalmentPercents"] = new JsonArray(70, 30),
    ["maxDurationMonths"] = 12,
    ["bilanDueAfter"] = "PT2H",
    ["juryDueAfterClose"] = "PT2H",
    ["contactEmail"] = "ami.is@region.bench.example",
    ["staff"] = new JsonArray(Staff),
    ["jurors"] = new JsonArray([.. jurors.Select(j => (JsonNode)j)]),
    ["juryPresident"] = President,
    ["cpSecretariat"] = Cp,
    ["finance"] = Finance,
    ["schedule"] = new JsonObject
    {
        ["changesRemindersBeforeDeadline"] = new JsonArray("PT1S"),
        ["juryRemindersBeforeDue"] = new JsonArray("PT1M"),
        ["bilanRemindersBeforeDue"] = new JsonArray("PT1M"),
        ["bilanRemindersAfterDue"] = new JsonArray("PT1M"),
        ["staffReminderEvery"] = "PT2H",
        ["actionLinkValidity"] = "P1D",
        ["startExpectedWithin"] = "PT2H",
    },
};
using (var post = new HttpRequestMessage(HttpMethod.Post, "/api/campaigns") { Content = new StringContent(campaign.ToJsonString(), Encoding.UTF8, "application/json") })
{
    post.Headers.Add("x-functions-key", InProcessLocalHost.TestStaffKey);
    using var created = await http.SendAsync(post);
    if (created.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
    {
        throw new InvalidOperationException("POST /api/campaigns: " + (int)created.StatusCode + " " + await created.Content.ReadAsStringAsync());
    }
}

var sample = TestFiles.SampleDossierJson;
var filed = new Filed[dossiers];
var today = DateOnly.FromDateTime(ParisTime.ToParis(DateTimeOffset.UtcNow).DateTime);
var scores = ScoringGrid.Annex1.Criteria.ToDictionary(c => "scores." + c.Key, _ => "2");
scores["comment"] = "Grille notée 2 partout.";

await Measure("intake: POST to validation request mailed", dossiers, async () =>
{
    await ForEach(Enumerable.Range(0, dossiers), async i =>
    {
        var json = sample.Replace("jeanne.martin@jardins-partages.example", $"holder{i}@bench.example", StringComparison.Ordinal);
        filed[i] = await people.FileAsync(i, campaignId, Multipart.Valid(json));
    });
    await MailsAsync("validation-request", dossiers);
});

await Measure("validation: staff declare eligible", dossiers, async () =>
{
    await ForEach(filed, async d => await people.ActOnAsync(await MailAsync(Staff, "validation-request", d.Id), new Dictionary<string, string> { ["decision"] = "eligible" }));
    await MailsAsync("eligible", dossiers);
});

var closesAt = lastSecond.AddSeconds(1);
if (!stopped && DateTimeOffset.UtcNow >= closesAt)
{
    Console.WriteLine($"WARNING: the call closed {(DateTimeOffset.UtcNow - closesAt).TotalSeconds:0} s before the validations ended: raise --open-seconds.");
}

await Measure("closing: wait for the deadline", dossiers, async () =>
{
    var wait = closesAt - DateTimeOffset.UtcNow;
    if (wait > TimeSpan.Zero)
    {
        await Task.Delay(wait);
    }
});

await Measure("closing: deadline to the 3 jury invitations", dossiers, async () => await MailsAsync("jury-invitation", dossiers * jurors.Length));

await Measure("jury: 3 jurors score", dossiers, async () =>
{
    await ForEach(filed.SelectMany(d => jurors.Select(j => (d, j))), async x => await people.ActOnAsync(await MailAsync(x.j, "jury-invitation", x.d.Id), scores));
    await MailsAsync("jury-opinion-request", dossiers);
});

await Measure("opinion: the president, favourable", dossiers, async () =>
{
    await ForEach(filed, async d => await people.ActOnAsync(await MailAsync(President, "jury-opinion-request", d.Id),
        new Dictionary<string, string> { ["decision"] = "favourable", ["proposedAmount"] = "28 333,33", ["comment"] = "Avis favorable du jury." }));
    await MailsAsync("cp-decision-request", dossiers);
});

await Measure("CP decision: granted", dossiers, async () =>
{
    await ForEach(filed, async d => await people.ActOnAsync(await MailAsync(Cp, "cp-decision-request", d.Id),
        new Dictionary<string, string> { ["decision"] = "granted", ["amount"] = "28333.33", ["cpDate"] = Day(today), ["comment"] = "Aide attribuée." }));
    await MailsAsync("decision-granted", dossiers);
});

await Measure("start: holder declares it (70 % released)", dossiers, async () =>
{
    await ForEach(filed, async d => await people.DeclareStartAsync(d, today));
    await MailsAsync("start-acknowledged", dossiers);
    await MailsAsync("payment-order", dossiers);
});

await Measure("bilan: holder hands it in", dossiers, async () =>
{
    await ForEach(filed, people.HandInBilanAsync);
    await MailsAsync("bilan-validation-request", dossiers);
});

await Measure("bilan validation: accepted, 30 % released, closed", dossiers, async () =>
{
    await ForEach(filed, async d => await people.ActOnAsync(await MailAsync(Staff, "bilan-validation-request", d.Id),
        new Dictionary<string, string> { ["decision"] = "accepted", ["comment"] = "Bilan conforme." }));
    await MailsAsync("closed", dossiers);
    await MailsAsync("payment-order", dossiers * 2);
});

// The engine floor: as many bare orchestrations, each with the journey's count of activities, events and timers.
var (historyLines, shape) = await HistoryStats.ReadAsync(azurite.ConnectionString, taskHub);
if (!args.Contains("--no-floor") && !stopped)
{
    await Measure($"ENGINE FLOOR: {shape.Activities} activities, {shape.Events} events, {shape.Timers} timers", dossiers,
        async () => await EngineFloor.RunAsync(host.Client, shape, dossiers, clients));
}

// ---- Report ---------------------------------------------------------------------------------------------------
Console.WriteLine();
Console.WriteLine($"Per phase (requests and CPU per dossier; the idle line per second of idleness; pages reloaded / holder POSTs retried on 409: {people.Retries}):");
Console.WriteLine($"{"phase",-52} {"wall s",8} {"eng.tab",8} {"eng.que",8} {"eng.blob",8} {"app.tab",8} {"app.que",8} {"app.blob",8} {"total",8} {"app CPU s",9} {"Azurite CPU s",13}");
var walkWall = 0.0;
var walk = new Dictionary<string, double>(StringComparer.Ordinal);
var walkCpu = 0.0;
var walkAzurite = 0.0;
foreach (var p in phases)
{
    var per = p.Name.StartsWith("idle", StringComparison.Ordinal) ? p.Seconds : p.Dossiers;
    string C(string key) => (p.Requests.GetValueOrDefault(key) / per).ToString("0.0", CultureInfo.InvariantCulture);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{p.Name,-52} {p.Seconds,8:0.0} {C("engine/table"),8} {C("engine/queue"),8} {C("engine/blob"),8} {C("app/table"),8} {C("app/queue"),8} {C("app/blob"),8} {p.Requests.Values.Sum() / per,8:0.0} {p.AppCpu / per,9:0.000} {p.AzuriteCpu / per,13:0.000}"));
    if (!p.Name.StartsWith("idle", StringComparison.Ordinal) && !p.Name.StartsWith("ENGINE", StringComparison.Ordinal))
    {
        walkWall += p.Seconds;
        walkCpu += p.AppCpu;
        walkAzurite += p.AzuriteCpu;
        foreach (var (k, v) in p.Requests)
        {
            walk[k] = walk.GetValueOrDefault(k) + v;
        }
    }
}

string W(string key) => (walk.GetValueOrDefault(key) / dossiers).ToString("0.0", CultureInfo.InvariantCulture);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{"WHOLE CALL, filing to closed",-52} {walkWall,8:0.0} {W("engine/table"),8} {W("engine/queue"),8} {W("engine/blob"),8} {W("app/table"),8} {W("app/queue"),8} {W("app/blob"),8} {walk.Values.Sum() / dossiers,8:0.0} {walkCpu / dossiers,9:0.000} {walkAzurite / dossiers,13:0.000}"));

var floor = phases.FirstOrDefault(p => p.Name.StartsWith("ENGINE", StringComparison.Ordinal));
var busyWall = walkWall - phases.Where(p => p.Name.StartsWith("closing: wait", StringComparison.Ordinal)).Sum(p => p.Seconds);
if (floor is not null)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"RATIO TO THE ENGINE FLOOR: wall {busyWall / floor.Seconds:0.00} x (the call without its wait for the deadline, {busyWall:0.0} s, vs {floor.Seconds:0.0} s), storage requests {walk.Values.Sum() / floor.Requests.Values.Sum():0.00} x, app CPU {walkCpu / floor.AppCpu:0.00} x, Azurite CPU {walkAzurite / floor.AzuriteCpu:0.00} x (goal <= 1.5 x)"));
}

if (detail)
{
    foreach (var p in phases)
    {
        var per = p.Name.StartsWith("idle", StringComparison.Ordinal) ? p.Seconds : p.Dossiers;
        Console.WriteLine();
        Console.WriteLine($"{p.Name}: requests per {(p.Name.StartsWith("idle", StringComparison.Ordinal) ? "second" : "dossier")}, by request");
        foreach (var (key, value) in p.Details.Where(kv => kv.Value > 0).OrderByDescending(kv => kv.Value))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {value / per,8:0.00}  {key}"));
        }
    }
}

// History of the journeys, read from the task hub's History table before the floor ran.
Console.WriteLine();
foreach (var line in historyLines)
{
    Console.WriteLine(line);
}

// Mails, per kind and per person.
var all = mails.Mails;
Console.WriteLine();
Console.WriteLine($"Mails sent: {all.Count} ({(double)all.Count / dossiers:0.0} per dossier; SendGrid requests, one per mail, capture attempts {mails.Attempts}).");
foreach (var kind in all.GroupBy(m => m.Categories.FirstOrDefault(c => c != "ami") ?? "?").OrderByDescending(g => g.Count()))
{
    Console.WriteLine($"  {kind.Key,-28} {kind.Count(),7}  {(double)kind.Count() / dossiers,5:0.00} per dossier");
}

Console.WriteLine("Per person:");
foreach (var person in all.SelectMany(m => m.To).GroupBy(Role).OrderBy(g => g.Key, StringComparer.Ordinal))
{
    var addresses = person.Distinct(StringComparer.OrdinalIgnoreCase).Count();
    Console.WriteLine($"  {person.Key,-28} {person.Count(),7} mails to {addresses} address(es): {(double)person.Count() / addresses:0.0} each");
}

Console.WriteLine($"Load average at the end: {LoadAverage()}.");
return;

string Role(string address) =>
    address.StartsWith("holder", StringComparison.Ordinal) ? "holders" :
    address == Staff ? "staff (instruction)" :
    jurors.Contains(address) ? "jurors" :
    address == President ? "jury president" :
    address == Cp ? "CP secretariat" :
    address == Finance ? "finance" : address;

async Task Measure(string name, int count, Func<Task> run)
{
    if (stopped)
    {
        return;
    }

    var beforeDetails = requests.Details();
    var before = requests.Snapshot();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    azuriteProcess.Refresh();
    var azuriteCpu = azuriteProcess.TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    await run();
    watch.Stop();
    var after = requests.Snapshot();
    var afterDetails = requests.Details();
    azuriteProcess.Refresh();
    var phase = new Phase(name, count, watch.Elapsed.TotalSeconds,
        after.ToDictionary(kv => kv.Key, kv => (double)(kv.Value - before.GetValueOrDefault(kv.Key)), StringComparer.Ordinal),
        (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds,
        (azuriteProcess.TotalProcessorTime - azuriteCpu).TotalSeconds,
        afterDetails.ToDictionary(kv => kv.Key, kv => (double)(kv.Value - beforeDetails.GetValueOrDefault(kv.Key)), StringComparer.Ordinal));
    phases.Add(phase);
    stopped = until is not null && name.StartsWith(until, StringComparison.Ordinal);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-52} {phase.Seconds,7:0.0} s, {phase.Requests.Values.Sum(),8:0} storage requests"));
}

async Task ForEach<T>(IEnumerable<T> items, Func<T, Task> act) =>
    await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = clients }, async (item, _) => await act(item));

async Task<CapturedMail> MailAsync(string to, string kind, string dossierId)
{
    var deadline = DateTimeOffset.UtcNow.AddMinutes(10);
    while (true)
    {
        var mail = mails.Mails.FirstOrDefault(m => m.Categories.Contains(kind) && m.To.Contains(to) && m.CustomArgs.GetValueOrDefault("dossier_id") == dossierId);
        if (mail is not null)
        {
            return mail;
        }

        if (DateTimeOffset.UtcNow > deadline)
        {
            throw new TimeoutException($"no « {kind} » mail to {to} about {dossierId} after 10 minutes");
        }

        await Task.Delay(200);
    }
}

async Task MailsAsync(string kind, int count)
{
    var deadline = DateTimeOffset.UtcNow.AddMinutes(15);
    var say = DateTimeOffset.UtcNow.AddSeconds(30);
    while (mails.Mails.Count(m => m.Categories.Contains(kind)) < count)
    {
        if (DateTimeOffset.UtcNow > say)
        {
            say = DateTimeOffset.UtcNow.AddSeconds(30);
            Console.WriteLine($"  waiting for {count} « {kind} »; mails so far: " + string.Join(", ", mails.Mails.GroupBy(m => string.Join("+", m.Categories)).Select(g => $"{g.Key} {g.Count()}")));
        }

        if (DateTimeOffset.UtcNow > deadline)
        {
            throw new TimeoutException($"fewer than {count} « {kind} » mails after 15 minutes");
        }

        await Task.Delay(100);
    }
}

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static string Instant(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

internal sealed record Phase(string Name, int Dossiers, double Seconds, Dictionary<string, double> Requests, double AppCpu, double AzuriteCpu, Dictionary<string, double> Details);
