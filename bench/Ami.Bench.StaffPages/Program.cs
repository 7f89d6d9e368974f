using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Ami.LocalHost;
using Ami.LocalHost.Dev;
using System.Text.Json;
using Ami.Domain.Campaigns;
using Ami.Domain.Json;
using Ami.Domain.Scoring;
using Ami.Workflow.Activities;
using Ami.Workflow.Digest;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

// The staff's dossier list and campaign dashboard at N dossiers (default 10,000): the real local host (its routes,
// its sign-in, its list index) on its own Azurite, N committed dossier rows written straight to the Dossiers table
// (the pages read only those rows; no journey runs), then timed GETs, one at a time, as a person clicks.
// Then the jury's ranking of N dossiers x 3 jurors (in memory, and through its route) and the 08:00 digest over them.
// Usage: dotnet run -c Release --project bench/Ami.Bench.StaffPages [-- --dossiers 10000 --requests 200 --no-pages]
var dossiers = Option("--dossiers", 10_000);
var requests = Option("--requests", 200);
const string Key = "bench-staff-key-0123456789";
const string CampaignId = "bench-staff";
const string RankingCampaignId = "bench-ranking";

Console.WriteLine($"Staff pages at {dossiers} dossiers, {requests} timed requests per page ({Environment.ProcessorCount} cores, .NET {Environment.Version}).");
var folder = Directory.CreateTempSubdirectory("ami-bench-staff-");
await using var azurite = await AzuriteProcess.StartAsync(folder.FullName);
await using var host = await AmiLocalHost.StartAsync([
    "--urls=http://127.0.0.1:0",
    "--AzureWebJobsStorage=" + azurite.ConnectionString,
    "--TASKHUB_NAME=benchstaff",
    "--Ami:StaffKey=" + Key,
    "--Ami:LinkKeys:Current=" + Convert.ToBase64String(Encoding.ASCII.GetBytes("bench-staff-pages-link-key-32-bytes!")),
    "--LocalHost:StartClamd=false",
    "--Ami:Scanning:Engine=None",
    "--Logging:LogLevel:Default=Warning",
]);

using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
using var http = new HttpClient(handler) { BaseAddress = host.BaseUrl, Timeout = TimeSpan.FromMinutes(2) };

// The campaign, through the API.
var campaign = File.ReadAllText(Path.Combine(RepoRoot(), "campaigns", "ami-is-2015.json")).Replace("\"ami-is-2015\"", "\"" + CampaignId + "\"", StringComparison.Ordinal);
using (var post = new HttpRequestMessage(HttpMethod.Post, "/api/campaigns") { Content = new StringContent(campaign, Encoding.UTF8, "application/json") })
{
    post.Headers.Add("x-functions-key", Key);
    (await http.SendAsync(post)).EnsureSuccessStatusCode();
}

// N rows, in batches of 100 (one partition: the campaign).
var seed = Stopwatch.StartNew();
var table = new TableClient(azurite.ConnectionString, "Dossiers");
await table.CreateIfNotExistsAsync();
string[] statuses = ["submitted", "submitted", "eligible", "ineligible", "changes-requested", "jury", "cp", "granted", "started", "bilan-due", "closed", "withdrawn"];
string[] types = ["association", "company", "public-body", "union", "user-collective"];
string[] postalCodes = ["33000", "64100", "40100", "47000", "24000", "33800"];
var random = new Random(16);
for (var start = 0; start < dossiers; start += 100)
{
    var batch = new List<TableTransactionAction>();
    for (var i = start; i < Math.Min(dossiers, start + 100); i++)
    {
        var status = statuses[i % statuses.Length];
        var at = DateTimeOffset.UtcNow.AddDays(-random.Next(1, 200));
        var entity = new TableEntity(CampaignId, $"{CampaignId}.{i:D6}")
        {
            ["Reference"] = $"BENCH-{i + 1:D5}",
            ["Status"] = status,
            ["SubmittedAt"] = at,
            ["HolderName"] = $"Association n° {i} des jardins partagés",
            ["ContactEmail"] = $"contact{i}@bench.example",
            ["ActionTitle"] = $"Action {i} : un jardin au pied des immeubles",
            ["RequestedAmountCents"] = (long)random.Next(500_000, 4_000_000),
            ["AccessTokenHash"] = new string('0', 64),
            ["Attachments"] = "[]",
            ["HolderType"] = types[i % types.Length],
            ["PostalCode"] = postalCodes[i % postalCodes.Length],
            ["UpdatedAt"] = at.AddDays(1),
            ["BilanDueAt"] = status is "started" or "bilan-due" ? DateTimeOffset.UtcNow.AddDays(random.Next(-60, 60)) : null,
            ["JuryJson"] = status is "cp" or "granted" or "started" or "bilan-due" or "closed"
                ? $"{{\"sheets\":3,\"conflicts\":0,\"meanTotal\":{20 + random.Next(0, 1500) / 100m},\"minTotal\":18,\"maxTotal\":33,\"means\":{{}},\"divergent\":[],\"sumOfTotals\":80}}"
                : null,
            ["Committed"] = true,
        };
        batch.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
    }

    await table.SubmitTransactionAsync(batch);
}

Console.WriteLine($"Seeded {dossiers} rows in {seed.Elapsed.TotalSeconds:0.0} s.");

// Sign in as the admin demo account, through the page.
var form = await http.GetStringAsync("/connexion");
var token = WebUtility.HtmlDecode(Regex.Match(form, "name=\"jeton\" value=\"([^\"]+)\"").Groups[1].Value);
using (var signIn = await http.PostAsync("/connexion", new FormUrlEncodedContent(new Dictionary<string, string> { ["jeton"] = token, ["compte"] = "admin", ["cle"] = Key, ["retour"] = "/gestion" })))
{
    if (signIn.StatusCode != HttpStatusCode.SeeOther)
    {
        throw new InvalidOperationException("sign-in failed: " + (int)signIn.StatusCode);
    }
}

string[] listQueries =
[
    "", "?statut=submitted", "?departement=33", "?type=company&montantMin=20000", "?q=jardins&page=40", "?q=BENCH-09", "?statut=granted&statut=started&parPage=200",
    "?montantMin=10000&montantMax=30000&page=3", "?departement=64&type=association&statut=eligible",
];

if (!args.Contains("--no-pages"))
{
    await PagesAsync();
}

// ---- Ranking of N dossiers x 3 jurors, and the 08:00 digest over the N dossiers (issue 17) ----------------------
// A second campaign whose N rows all carry a jury aggregate of 3 sheets (means on each of Annex 1's criteria).
var rankingCampaign = campaign.Replace("\"" + CampaignId + "\"", "\"" + RankingCampaignId + "\"", StringComparison.Ordinal);
using (var post = new HttpRequestMessage(HttpMethod.Post, "/api/campaigns") { Content = new StringContent(rankingCampaign, Encoding.UTF8, "application/json") })
{
    post.Headers.Add("x-functions-key", Key);
    (await http.SendAsync(post)).EnsureSuccessStatusCode();
}

var criteria = ScoringGrid.Annex1.Keys;
var scoredSeed = Stopwatch.StartNew();
for (var start = 0; start < dossiers; start += 100)
{
    var batch = new List<TableTransactionAction>();
    for (var i = start; i < Math.Min(dossiers, start + 100); i++)
    {
        // 3 sheets of scores 0-3 per criterion: totals, means, the lowest and highest total.
        var sheets = Enumerable.Range(0, 3).Select(_ => criteria.ToDictionary(c => c, _ => random.Next(0, 4), StringComparer.Ordinal)).ToList();
        var totals = sheets.Select(sh => sh.Values.Sum()).ToList();
        var report = new JuryReport(
            3, 0, Math.Round(totals.Sum() / 3m, 2), totals.Min(), totals.Max(),
            criteria.ToDictionary(c => c, c => Math.Round(sheets.Sum(sh => sh[c]) / 3m, 2), StringComparer.Ordinal),
            [.. criteria.Where(c => sheets.Max(sh => sh[c]) - sheets.Min(sh => sh[c]) >= 2)],
            totals.Sum());
        var entity = new TableEntity(RankingCampaignId, $"{RankingCampaignId}.{i:D6}")
        {
            ["Reference"] = $"RANK-{i + 1:D5}",
            ["Status"] = "jury",
            ["SubmittedAt"] = DateTimeOffset.UtcNow.AddDays(-30),
            ["HolderName"] = $"Association n° {i}",
            ["ContactEmail"] = $"contact{i}@bench.example",
            ["ActionTitle"] = $"Action {i}",
            ["RequestedAmountCents"] = 2_000_000L,
            ["AccessTokenHash"] = new string('0', 64),
            ["Attachments"] = "[]",
            ["UpdatedAt"] = DateTimeOffset.UtcNow.AddDays(-1),
            ["JuryJson"] = JsonSerializer.Serialize(report, AmiJson.Options),
            ["Committed"] = true,
        };
        batch.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
    }

    await table.SubmitTransactionAsync(batch);
}

Console.WriteLine($"Seeded {dossiers} scored rows (3 sheets each) in {scoredSeed.Elapsed.TotalSeconds:0.0} s.");

// The domain's ranking alone, in memory, over the N results (what the route computes once the rows are read).
var results = new List<(string DossierId, string Reference, JuryResult Result)>();
await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == RankingCampaignId))
{
    results.Add((row.RowKey, row.GetString("Reference"), JsonSerializer.Deserialize<JuryReport>(row.GetString("JuryJson"), AmiJson.Options)!.ToResult()));
}

var rankTimes = new List<double>();
var ranked = 0;
for (var i = 0; i < 60; i++)
{
    var watch = Stopwatch.StartNew();
    ranked = JuryRanking.Rank(results).Count;
    if (i >= 10)
    {
        rankTimes.Add(watch.Elapsed.TotalMilliseconds);
    }
}

Report($"ranking in memory ({ranked} results)", rankTimes);

// The route as staff call it: the partition read from Table (pages of 200), each aggregate parsed, ranked, JSON written.
var routeTimes = new List<double>();
long bytes = 0;
for (var i = 0; i < 12; i++)
{
    using var get = new HttpRequestMessage(HttpMethod.Get, $"/api/campaigns/{RankingCampaignId}/ranking");
    get.Headers.Add("x-functions-key", Key);
    var watch = Stopwatch.StartNew();
    using var response = await http.SendAsync(get, HttpCompletionOption.ResponseContentRead);
    var body = await response.Content.ReadAsByteArrayAsync();
    watch.Stop();
    response.EnsureSuccessStatusCode();
    bytes = body.Length;
    if (i >= 2)
    {
        routeTimes.Add(watch.Elapsed.TotalMilliseconds);
    }
}

Report($"GET /api/campaigns/{{id}}/ranking ({bytes / 1024} KB)", routeTimes);

// The 08:00 digest over both campaigns (the staff campaign's N rows in varied statuses, and the N scored ones): the job
// of the hosts' timers, run at 08:30 Paris today through a clock of its own, mailing through the local SendGrid capture.
var digestTimes = new List<double>();
var parisToday = DateOnly.FromDateTime(ParisTime.ToParis(DateTimeOffset.UtcNow).DateTime);
for (var day = 0; day < 3; day++)
{
    var at = ParisTime.StartOfDay(parisToday.AddDays(-day)).AddHours(8.5); // no daylight-saving change at 08:30
    var job = ActivatorUtilities.CreateInstance<StaffDigestJob>(host.App.Services, new FixedClock(at));
    var watch = Stopwatch.StartNew();
    var run = await job.RunAsync(new DurableJourneyFailures(host.Client), CancellationToken.None);
    digestTimes.Add(watch.Elapsed.TotalMilliseconds);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"08:00 digest of {parisToday.AddDays(-day):yyyy-MM-dd}: {watch.Elapsed.TotalMilliseconds:0} ms, ran {run.Ran}, {run.MailsSent} mail(s)"));
}

Console.WriteLine($"Load average at the end: {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a")}");
return;

void Report(string name, List<double> times)
{
    times.Sort();
    double P(double q) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(q * times.Count) - 1)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-44} n={times.Count,4}  p50 {P(0.50),7:0.0} ms  p95 {P(0.95),7:0.0} ms  max {times[^1],7:0.0} ms"));
}

async Task PagesAsync()
{
var cold = await TimeAsync($"/gestion/campagnes/{CampaignId}/dossiers");
Console.WriteLine($"First list request (the index reads the {dossiers} rows once): {cold:0} ms");
await Measure("dossier list", i => $"/gestion/campagnes/{CampaignId}/dossiers" + listQueries[i % listQueries.Length]);
await Measure("campaign dashboard", _ => $"/gestion/campagnes/{CampaignId}");
await Measure("CSV export of every dossier", _ => $"/gestion/campagnes/{CampaignId}/dossiers.csv", Math.Max(5, requests / 10));
}

async Task Measure(string name, Func<int, string> path, int? count = null)
{
    for (var i = 0; i < 10; i++)
    {
        await TimeAsync(path(i));
    }

    var times = new List<double>();
    for (var i = 0; i < (count ?? requests); i++)
    {
        times.Add(await TimeAsync(path(i)));
    }

    times.Sort();
    double P(double q) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(q * times.Count) - 1)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-30} n={times.Count,4}  p50 {P(0.50),7:0.0} ms  p95 {P(0.95),7:0.0} ms  max {times[^1],7:0.0} ms"));
}

async Task<double> TimeAsync(string path)
{
    var watch = Stopwatch.StartNew();
    using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead);
    watch.Stop();
    if (response.StatusCode != HttpStatusCode.OK)
    {
        throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode}");
    }

    return watch.Elapsed.TotalMilliseconds;
}

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static string RepoRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AmiFunctions.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new InvalidOperationException("AmiFunctions.sln not found above " + AppContext.BaseDirectory);
}

/// <summary>A clock stopped at one instant: the digest runs only in the 08:00 Paris hour.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
