using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ami.LocalHost.Tests.EndToEnd;
using Ami.Testing;
using Azure.Data.Tables;
using Xunit.Abstractions;
using Mail = Ami.LocalHost.Dev.CapturedMail;

namespace Ami.LocalHost.Tests;

/// <summary>
/// Chaos, end to end: 20 journeys on the local host PROCESS, which is killed (kill -9) three times at random
/// instants (seeded; the seed and the instants are printed; set <c>AMI_CHAOS_SEED</c> to replay a seed) and
/// started again on the same storage and task hub. People act as they would: from the links in their mails (a
/// SendGrid capture outside the process, so that it survives the kills), trying again when the site is down.
/// Every dossier that got a 201 must end closed, with one payment row per instalment, and no mail twice.
/// </summary>
[Collection(EndToEndRestartCollection.Name)]
public sealed partial class ChaosTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Journeys = 20;
    private const int Kills = 3;
    private const string PublicBaseUrl = "https://ami.chaos.example";
    private const long GrantCents = 25_000_00;

    private static readonly string[] ActionKinds =
        ["validation-request", "jury-invitation", "jury-opinion-request", "cp-decision-request", "bilan-validation-request"];

    private readonly ConcurrentDictionary<string, bool> _doneLinks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _lastAnswer = new(StringComparer.Ordinal);
    private volatile LocalHostProcess? _host;
    private string _taskHub = "";

    [Fact]
    public async Task TwentyJourneys_HostKilledThreeTimesAtRandom_EveryFiledDossierClosesWithOnePaymentPerInstalmentAndNoMailTwice()
    {
        var seed = Environment.GetEnvironmentVariable("AMI_CHAOS_SEED") is { Length: > 0 } s ? int.Parse(s, CultureInfo.InvariantCulture) : Random.Shared.Next();
        var random = new Random(seed);
        var killAfter = Enumerable.Range(0, Kills).Select(_ => TimeSpan.FromSeconds(4 + (random.NextDouble() * 16))).ToList();
        Log($"chaos seed {seed}: kills after {string.Join(", ", killAfter.Select(k => k.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s"))} (each counted from the previous start)");

        await using var sendGrid = await SendGridCaptureServer.StartAsync();
        var taskHub = _taskHub = "chaos" + Guid.NewGuid().ToString("N")[..12];
        var settings = new Dictionary<string, string>
        {
            ["SendGrid__Host"] = sendGrid.BaseUrl,
            ["Ami__PublicBaseUrl"] = PublicBaseUrl,
            ["Ami__Uploads__LeaseDuration"] = "00:00:06",
            ["Ami__Uploads__HeartbeatEvery"] = "00:00:02",
        };
        var started = DateTime.UtcNow;
        _host = await LocalHostProcess.StartAsync(azurite.ConnectionString, taskHub, settings);
        try
        {
            var campaignId = "chaos-" + Guid.NewGuid().ToString("N")[..8];
            await PostCampaignAsync(Campaign(campaignId, DateTimeOffset.UtcNow.AddSeconds(35)));

            var killedAt = new System.Collections.Concurrent.ConcurrentBag<DateTimeOffset>();
            var chaos = Task.Run(async () =>
            {
                foreach (var wait in killAfter)
                {
                    await Task.Delay(wait);
                    var dying = _host!;
                    dying.Kill();
                    killedAt.Add(DateTimeOffset.UtcNow);
                    Log($"{Elapsed(started)}: killed process {dying.ProcessId}");
                    await dying.DisposeAsync();
                    _host = await LocalHostProcess.StartAsync(azurite.ConnectionString, taskHub, settings);
                    Log($"{Elapsed(started)}: process {_host.ProcessId} serves");
                }
            });

            var filed = await FileAsync(campaignId);
            Log($"{Elapsed(started)}: {filed.Count} of {Journeys} dossiers got a 201");
            Assert.NotEmpty(filed);

            var closed = await DriveUntilClosedAsync(filed, sendGrid, chaos, TimeSpan.FromMinutes(4));
            Log($"{Elapsed(started)}: all {filed.Count} filed dossiers closed; {sendGrid.Capture.Mails.Count} mails captured");
            await chaos;

            // Money: one row per instalment, adding up to the grant; the holder's view agrees.
            var payments = new TableServiceClient(azurite.ConnectionString).GetTableClient("Payments");
            foreach (var dossier in filed)
            {
                var rows = payments.Query<TableEntity>(e => e.PartitionKey == dossier.Id).ToList();
                Assert.Equal([1, 2], rows.Select(r => r.GetInt32("Number") ?? 0).Order());
                Assert.Equal(GrantCents, rows.Sum(r => r.GetInt64("AmountCents") ?? 0));
                Assert.Equal(["released", "released"], closed[dossier.Id].GetProperty("instalments").EnumerateArray().Select(i => i.GetProperty("status").GetString()));
            }

            // Mail: nothing twice (same kind, step, dossier and recipients), and each dossier's two payment orders.
            // (A late attempt's notice is one mail per attempt, keyed by its instant: not about a dossier.)
            // The one exception is the documented at-least-once window of TableSentMailLog: a process killed after
            // SendGrid accepted a mail and before it could mark it sent mails it again after the restart. Such a
            // pair is allowed only when its first copy arrived just before a kill and the second after it.
            var twice = sendGrid.Capture.Mails
                .Where(m => Arg(m, "kind") != "late-submission")
                .GroupBy(m => (Kind: Arg(m, "kind"), Step: Arg(m, "step"), Dossier: Arg(m, "dossier_id"), To: string.Join(",", m.To)))
                .Where(g => g.Count() > 1 && !(g.Count() == 2 && killedAt.Any(k => SentAsTheProcessDied(g.Min(m => m.ReceivedAt), g.Max(m => m.ReceivedAt), k))))
                .Select(g => $"{g.Key} ×{g.Count()}")
                .ToList();
            Assert.True(twice.Count == 0, "mails sent twice: " + string.Join("; ", twice));
            foreach (var dossier in filed)
            {
                Assert.Equal(2, sendGrid.Capture.Mails.Count(m => Arg(m, "kind") == "payment-order" && Arg(m, "dossier_id") == dossier.Id));
                Assert.Single(sendGrid.Capture.Mails, m => Arg(m, "kind") == "closed" && Arg(m, "dossier_id") == dossier.Id);
            }

            Log($"{Elapsed(started)}: checked {filed.Count} dossiers, {2 * filed.Count} payment rows, {sendGrid.Capture.Mails.Count} mails, {Kills} kills");
        }
        finally
        {
            if (_host is { } host)
            {
                await host.DisposeAsync();
            }
        }
    }

    private sealed record Filed(string Id, string Token);

    /// <summary>A mail first accepted in the 3 s before a kill (its SentMails row still pending), then again after it.</summary>
    private static bool SentAsTheProcessDied(DateTimeOffset first, DateTimeOffset second, DateTimeOffset killed) =>
        first <= killed && killed - first < TimeSpan.FromSeconds(3) && second > killed;

    /// <summary>Files the 20 dossiers, 4 at a time; a holder whose request failed (site down) tries again with the same Idempotency-Key.</summary>
    private async Task<List<Filed>> FileAsync(string campaignId)
    {
        var filed = new ConcurrentBag<Filed>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Journeys), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var key = Guid.NewGuid().ToString();
            var until = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < until)
            {
                var answer = await TrySendAsync(() =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Post, $"/api/campaigns/{campaignId}/dossiers") { Content = Multipart.Valid() };
                    request.Headers.Add("Idempotency-Key", key);
                    return request;
                });
                if (answer is { Status: HttpStatusCode.Created } created)
                {
                    var body = JsonDocument.Parse(created.Body).RootElement;
                    filed.Add(new Filed(body.GetProperty("dossierId").GetString()!, body.GetProperty("accessToken").GetString()!));
                    return;
                }

                if (answer is { Status: HttpStatusCode.Conflict } refused && refused.Body.Contains("\"deadline-passed\"", StringComparison.Ordinal))
                {
                    Log($"dossier #{i}: not filed before the deadline");
                    return;
                }

                await Task.Delay(500);
            }
        });
        return [.. filed];
    }

    /// <summary>
    /// Plays every person until each dossier is closed: staff, the juror, the president and the CP act on the links
    /// of their mails; the holder declares the start once granted and hands in the bilan once started.
    /// </summary>
    private async Task<Dictionary<string, JsonElement>> DriveUntilClosedAsync(IReadOnlyList<Filed> filed, SendGridCaptureServer sendGrid, Task chaos, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var views = new ConcurrentDictionary<string, JsonElement>(StringComparer.Ordinal);
        var startDeclared = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var bilanHandedIn = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        while (true)
        {
            var links = sendGrid.Capture.Mails
                .Where(m => ActionKinds.Contains(Arg(m, "kind")))
                .Select(m => (Kind: Arg(m, "kind"), Path: ActionPath().Match(m.Text ?? "").Groups[1].Value))
                .Where(l => l.Path.Length > 0 && !_doneLinks.ContainsKey(l.Path))
                .DistinctBy(l => l.Path)
                .ToList();
            await Parallel.ForEachAsync(links, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (link, _) => await ActAsync(link.Kind, link.Path));

            await Parallel.ForEachAsync(filed.Where(d => !views.TryGetValue(d.Id, out var v) || Status(v) != "closed"), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (dossier, _) =>
            {
                var view = await TrySendAsync(() => Bearer(new HttpRequestMessage(HttpMethod.Get, $"/api/dossiers/{dossier.Id}"), dossier));
                if (view is not { Status: HttpStatusCode.OK })
                {
                    return;
                }

                var state = JsonDocument.Parse(view.Body).RootElement.Clone();
                views[dossier.Id] = state;
                if (Status(state) == "granted" && !startDeclared.ContainsKey(dossier.Id))
                {
                    var answer = await TrySendAsync(() => Bearer(new HttpRequestMessage(HttpMethod.Post, $"/api/dossiers/{dossier.Id}/start")
                    {
                        Content = new StringContent($$"""{ "startDate": "{{FormAnswers.Day(FormAnswers.TodayInParis())}}" }""", Encoding.UTF8, "application/json"),
                    }, dossier));
                    if (answer is { Status: HttpStatusCode.Accepted })
                    {
                        startDeclared[dossier.Id] = true;
                    }
                }
                else if (Status(state) is "started" or "bilan-due" && !bilanHandedIn.ContainsKey(dossier.Id))
                {
                    var answer = await TrySendAsync(() =>
                    {
                        var form = new MultipartFormDataContent();
                        var report = new ByteArrayContent(FormAnswers.BilanReport);
                        report.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
                        form.Add(report, "report", "bilan.pdf");
                        form.Add(new StringContent(FormAnswers.Bilan, Encoding.UTF8, "application/json"), "bilan");
                        return Bearer(new HttpRequestMessage(HttpMethod.Post, $"/api/dossiers/{dossier.Id}/bilan") { Content = form }, dossier);
                    });
                    if (answer is { Status: HttpStatusCode.Accepted })
                    {
                        bilanHandedIn[dossier.Id] = true;
                    }
                }
            });

            if (chaos.IsCompleted && filed.All(d => views.TryGetValue(d.Id, out var v) && Status(v) == "closed"))
            {
                return new Dictionary<string, JsonElement>(views, StringComparer.Ordinal);
            }

            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail("not all closed: " + string.Join(", ", filed.Select(d => views.TryGetValue(d.Id, out var v) ? Status(v) : "?")
                    .GroupBy(x => x).Select(g => $"{g.Key} ×{g.Count()}")) + (chaos.IsFaulted ? " (chaos failed: " + chaos.Exception + ")" : "")
                    + "\n" + string.Join("\n", filed.Where(d => !views.TryGetValue(d.Id, out var v) || Status(v) != "closed").Select(d => Diagnose(d, views, sendGrid))));
            }

            await Task.Delay(500);
        }
    }

    /// <summary>Why a dossier is not closed: its view, its journey's row in the task hub, its mails and what its links answered.</summary>
    private string Diagnose(Filed dossier, IReadOnlyDictionary<string, JsonElement> views, SendGridCaptureServer sendGrid)
    {
        var instance = new TableServiceClient(azurite.ConnectionString).GetTableClient(_taskHub + "Instances")
            .Query<TableEntity>(e => e.PartitionKey == dossier.Id).FirstOrDefault();
        var mails = sendGrid.Capture.Mails.Where(m => Arg(m, "dossier_id") == dossier.Id).ToList();
        var answers = mails.Select(m => ActionPath().Match(m.Text ?? "").Groups[1].Value).Where(p => p.Length > 0)
            .Select(p => _lastAnswer.TryGetValue(p, out var a) ? a : "not tried");
        return $"{dossier.Id}: timeline [{(views.TryGetValue(dossier.Id, out var v) ? string.Join(", ", v.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("event").GetString())) : "?")}]"
            + $"; instance {instance?.GetString("RuntimeStatus")} {instance?.GetString("CustomStatus")}"
            + $"; mails [{string.Join(", ", mails.Select(m => Arg(m, "kind")))}]; links [{string.Join(", ", answers)}]";
    }

    /// <summary>Posts the decision a person gives on a link of <paramref name="kind"/>; done once it acted (200) or had acted (410).</summary>
    private async Task ActAsync(string kind, string path)
    {
        var today = FormAnswers.Day(FormAnswers.TodayInParis());
        var json = kind switch
        {
            "validation-request" => """{ "decision": "eligible" }""",
            "jury-invitation" => JsonSerializer.Serialize(new { decision = "scored", scores = Ami.Domain.Scoring.ScoringGrid.Annex1.Criteria.ToDictionary(c => c.Key, _ => 3) }),
            "jury-opinion-request" => """{ "decision": "favourable", "proposedAmount": 25000, "comment": "Projet solide." }""",
            "cp-decision-request" => $$"""{ "decision": "granted", "amount": 25000, "cpDate": "{{today}}" }""",
            _ => """{ "decision": "accepted", "comment": "Bilan conforme." }""",
        };
        var answer = await TrySendAsync(() => new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
        _lastAnswer[path] = answer is null ? "no answer" : $"{(int)answer.Status} {answer.Body[..Math.Min(120, answer.Body.Length)]}";
        switch (answer?.Status)
        {
            case HttpStatusCode.OK or HttpStatusCode.Gone:
                _doneLinks[path] = true;
                break;
            case HttpStatusCode.BadRequest or HttpStatusCode.NotFound:
                Assert.Fail($"{kind} {path[..20]}…: {(int)answer.Status} {answer.Body}");
                break;
        }

        // 409 (the journey is still reaching the step), 5xx or no answer (the site is down): tried again next round.
    }

    private sealed record Answer(HttpStatusCode Status, string Body);

    /// <summary>One request to the process serving now; null when the site is down (connection refused, reset, timeout).</summary>
    private async Task<Answer?> TrySendAsync(Func<HttpRequestMessage> request)
    {
        var host = _host;
        try
        {
            if (host is null || host.HasExited)
            {
                return null;
            }

            using var message = request();
            using var response = await host.Http.SendAsync(message);
            return new Answer(response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            return null;
        }
    }

    private async Task PostCampaignAsync(JsonObject campaign)
    {
        var answer = await TrySendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/campaigns") { Content = new StringContent(campaign.ToJsonString(), Encoding.UTF8, "application/json") };
            request.Headers.Add("x-functions-key", LocalHostProcess.TestStaffKey);
            return request;
        });
        Assert.True(answer is { Status: HttpStatusCode.Created or HttpStatusCode.OK }, $"POST /api/campaigns: {answer?.Status} {answer?.Body}");
    }

    /// <summary>The end-to-end campaign in seconds (two jurors: the jury needs two sheets), with waits long enough not to fire during the test.</summary>
    private static JsonObject Campaign(string id, DateTimeOffset lastSecond)
    {
        var campaign = TestCampaigns.InSeconds(id, lastSecond);
        campaign["juryDueAfterClose"] = "PT5M";
        campaign["bilanDueAfter"] = "PT5M";
        var schedule = campaign["schedule"]!.AsObject();
        schedule["juryRemindersBeforeDue"] = new JsonArray("PT1M");
        schedule["bilanRemindersBeforeDue"] = new JsonArray("PT1M");
        schedule["bilanRemindersAfterDue"] = new JsonArray("PT1M");
        schedule["staffReminderEvery"] = "PT2M";
        schedule["startExpectedWithin"] = "PT5M";
        return campaign;
    }

    private static HttpRequestMessage Bearer(HttpRequestMessage request, Filed dossier)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", dossier.Token);
        return request;
    }

    private static string Status(JsonElement view) => view.GetProperty("status").GetString() ?? "";

    private static string Arg(Mail mail, string name) => mail.CustomArgs.TryGetValue(name, out var value) ? value : "";

    private static string Elapsed(DateTime since) => (DateTime.UtcNow - since).TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s";

    private void Log(string line)
    {
        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // the test has ended
        }
    }

    [GeneratedRegex(@"https?://[^\s/]+(/api/actions/[A-Za-z0-9_\-.%]+)")]
    private static partial Regex ActionPath();
}
