using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ami.LocalHost;
using Ami.LocalHost.Dev;
using Ami.Testing;

namespace Ami.Workflow.Tests.Journey;

/// <summary>
/// A campaign with two staff members, on the local host with the real mails: each person gets their own mail
/// with their own link (requests and reminders), the timeline names who decided, and the one who comes second
/// is told who decided first (409).
/// </summary>
public sealed partial class SeveralStaffTests : IAsyncLifetime
{
    private const string First = "instruction1@region.example";
    private const string Second = "instruction2@region.example";
    private AzuriteProcess? _azurite;
    private AmiLocalHost? _host;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync();
        _host = await InProcessLocalHost.StartAsync(_azurite.ConnectionString);
        _http = new HttpClient { BaseAddress = _host.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    [Fact]
    public async Task TwoStaff_EachGetsOwnMailsAndLink_TimelineNamesTheDecider_SecondGets409NamingTheFirst()
    {
        var campaignId = "staff2-" + Guid.NewGuid().ToString("N")[..8];
        await CreateCampaignAsync(campaignId, closesAt: DateTimeOffset.UtcNow.AddSeconds(25));
        var (dossierId, holder) = await FileAsync(campaignId);

        // Validation: one request each, addressed to that person only, with a link of their own.
        var requests = await MailsAsync("validation-request", 2);
        var firstLink = OwnLink(requests, First);
        var secondLink = OwnLink(requests, Second);
        Assert.NotEqual(firstLink, secondLink);

        // Nobody decides: each is reminded, alone, with a fresh link of their own.
        var reminders = await MailsAsync("staff-reminder", 2);
        var secondReminderLink = OwnLink(reminders, Second);
        Assert.NotEqual(OwnLink(reminders, First), secondReminderLink);

        // The second person decides through the reminder; the first one comes too late and is told by whom.
        var auditionAt = DateTimeOffset.UtcNow.AddDays(20).ToString("O", CultureInfo.InvariantCulture);
        var won = await PostAsync(secondReminderLink, $$"""{ "decision": "eligible", "audition": true, "auditionAt": "{{auditionAt}}", "auditionPlace": "Hôtel de Région" }""");
        Assert.Equal(200, won.Status);
        var lost = await PostAsync(firstLink, """{ "decision": "ineligible", "comment": "Hors région." }""");
        Assert.Equal(409, lost.Status);
        Assert.Contains("\"code\":\"already-decided\"", lost.Body, StringComparison.Ordinal);
        Assert.Contains(Second, lost.Body, StringComparison.Ordinal);
        await UntilAsync(async () => (await TimelineAsync(dossierId, holder)).Any(e => e.Event == "validation:eligible"));
        Assert.Equal("staff-1", (await TimelineAsync(dossierId, holder)).Single(e => e.Event == "validation:eligible").Actor);

        // Audition, once the call has closed: the same, the other way round.
        var auditions = await MailsAsync("audition-request", 2, TimeSpan.FromSeconds(60));
        var heldBy = await PostAsync(OwnLink(auditions, First), """{ "decision": "held" }""");
        Assert.Equal(200, heldBy.Status);
        var late = await PostAsync(OwnLink(auditions, Second), """{ "decision": "no-show" }""");
        Assert.Equal(409, late.Status);
        Assert.Contains(First, late.Body, StringComparison.Ordinal);
        await UntilAsync(async () => (await TimelineAsync(dossierId, holder)).Any(e => e.Event == "audition:held"));
        Assert.Equal("staff-0", (await TimelineAsync(dossierId, holder)).Single(e => e.Event == "audition:held").Actor);
    }

    private async Task CreateCampaignAsync(string campaignId, DateTimeOffset closesAt)
    {
        var campaign = $$"""
        {
          "id": "{{campaignId}}", "title": "AMI à deux instructeurs", "referencePrefix": "AMI-S2",
          "opensAt": "{{DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)}}",
          "deadline": "{{closesAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)}}",
          "maxGrant": 40000, "instalmentPercents": [70, 30], "maxDurationMonths": 12,
          "bilanDueAfter": "PT10M", "juryDueAfterClose": "PT10M",
          "contactEmail": "ami.is@region.example", "staff": ["{{First}}", "{{Second}}"],
          "jurors": ["jure1@partner.example"],
          "juryPresident": "president@region.example", "cpSecretariat": "cp@region.example", "finance": "finance@region.example",
          "schedule": { "changesRemindersBeforeDeadline": ["PT1M"], "juryRemindersBeforeDue": ["PT1M"],
                        "bilanRemindersBeforeDue": ["PT1M"], "bilanRemindersAfterDue": ["PT1M"],
                        "staffReminderEvery": "PT5S", "actionLinkValidity": "P1D", "startExpectedWithin": "PT10M" }
        }
        """;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/campaigns") { Content = new StringContent(campaign, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("x-functions-key", InProcessLocalHost.TestStaffKey);
        var created = await _http.SendAsync(request);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
    }

    private async Task<(string DossierId, string Holder)> FileAsync(string campaignId)
    {
        using var form = new MultipartFormDataContent
        {
            { Part(await File.ReadAllBytesAsync(Sample("dossier.json")), "application/json"), "dossier", "dossier.json" },
            { Part(await File.ReadAllBytesAsync(Sample("statuts.pdf")), "application/pdf"), "statutes", "statuts.pdf" },
            { Part(await File.ReadAllBytesAsync(Sample("comptes.pdf")), "application/pdf"), "annual-accounts", "comptes.pdf" },
        };
        var submitted = await _http.PostAsync($"/api/campaigns/{campaignId}/dossiers", form);
        Assert.Equal(201, (int)submitted.StatusCode);
        var receipt = await submitted.Content.ReadFromJsonAsync<JsonElement>();
        return (receipt.GetProperty("dossierId").GetString()!, receipt.GetProperty("accessToken").GetString()!);
    }

    /// <summary>Waits until at least <paramref name="count"/> mails of <paramref name="kind"/> were sent; returns them.</summary>
    private async Task<IReadOnlyList<CapturedMail>> MailsAsync(string kind, int count, TimeSpan? within = null)
    {
        IReadOnlyList<CapturedMail> found = [];
        await UntilAsync(() =>
        {
            found = [.. _host!.Mails.Mails.Where(m => m.CustomArgs.TryGetValue("kind", out var k) && k == kind)];
            return Task.FromResult(found.Count >= count);
        }, within);
        return found;
    }

    /// <summary>The one link mailed to <paramref name="to"/> alone among <paramref name="mails"/> (the first such mail).</summary>
    private static string OwnLink(IReadOnlyList<CapturedMail> mails, string to)
    {
        var mine = mails.Where(m => m.To.Contains(to)).ToList();
        Assert.NotEmpty(mine);
        Assert.All(mine, m => Assert.Equal([to], m.To));
        return ActionLink().Match(mine[0].Text ?? "").Groups[1].Value is { Length: > 0 } path ? path : throw new InvalidOperationException("no link in the mail");
    }

    private async Task<(int Status, string Body)> PostAsync(string path, string json)
    {
        var response = await _http.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<IReadOnlyList<(string Event, string? Actor)>> TimelineAsync(string dossierId, string holder)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/dossiers/{dossierId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", holder);
        var response = await _http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. body.GetProperty("timeline").EnumerateArray().Select(e =>
            (e.GetProperty("event").GetString()!, e.TryGetProperty("actor", out var a) ? a.GetString() : null))];
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan? within = null)
    {
        var until = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(40));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, "timed out");
            await Task.Delay(200);
        }
    }

    private static ByteArrayContent Part(byte[] bytes, string contentType)
    {
        var part = new ByteArrayContent(bytes);
        part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return part;
    }

    private static string Sample(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "samples", name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException(name);
    }

    [GeneratedRegex(@"https?://[^\s/]+(/api/actions/[A-Za-z0-9_\-.%]+)")]
    private static partial Regex ActionLink();
}
