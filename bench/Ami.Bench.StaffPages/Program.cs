using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Ami.LocalHost;
using Ami.LocalHost.Dev;
using Azure.Data.Tables;

// The staff's dossier list and campaign dashboard at N dossiers (default 10,000): the real local host (its routes,
// its sign-in, its list index) on its own Azurite, N committed dossier rows written straight to the Dossiers table
// (the pages read only those rows; no journey runs), then timed GETs, one at a time, as a person clicks.
// Usage: dotnet run -c Release --project bench/Ami.Bench.StaffPages [-- --dossiers 10000 --requests 200]
var dossiers = Option("--dossiers", 10_000);
var requests = Option("--requests", 200);
const string Key = "bench-staff-key-0123456789";
const string CampaignId = "bench-staff";

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

var cold = await TimeAsync($"/gestion/campagnes/{CampaignId}/dossiers");
Console.WriteLine($"First list request (the index reads the {dossiers} rows once): {cold:0} ms");
await Measure("dossier list", i => $"/gestion/campagnes/{CampaignId}/dossiers" + listQueries[i % listQueries.Length]);
await Measure("campaign dashboard", _ => $"/gestion/campagnes/{CampaignId}");
await Measure("CSV export of every dossier", _ => $"/gestion/campagnes/{CampaignId}/dossiers.csv", Math.Max(5, requests / 10));

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
