using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ami.Testing;

namespace Ami.LocalHost.Tests.EndToEnd;

/// <summary>
/// The application as people reach it: one local host PROCESS (<see cref="LocalHostProcess"/>) on a given
/// Azurite and task hub, addressed only over HTTP. Mails carry the public address <see cref="PublicBaseUrl"/>
/// (as in Azure, it does not change when the process is replaced); the site serves it from whichever process
/// runs now, like a reverse proxy. <see cref="KillAndRestartAsync"/> kill -9s the process and starts another.
/// </summary>
internal sealed class AmiSite : IAsyncDisposable
{
    public const string PublicBaseUrl = "https://ami.e2e.example";

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private readonly string _connectionString;
    private readonly IReadOnlyDictionary<string, string>? _settings;

    private AmiSite(string connectionString, string taskHub, LocalHostProcess process, IReadOnlyDictionary<string, string>? settings = null)
    {
        _connectionString = connectionString;
        _settings = settings;
        TaskHub = taskHub;
        Process = process;
    }

    public string TaskHub { get; }

    /// <summary>Where the site notes what a person met on the way (a page reloaded, a request tried again).</summary>
    public Action<string> Log { get; set; } = _ => { };

    /// <summary>The process serving the site now.</summary>
    public LocalHostProcess Process { get; private set; }

    private HttpClient Http => Process.Http;

    /// <summary>Starts a local host process on <paramref name="connectionString"/> with its own task hub.</summary>
    /// <param name="settings">More settings of the process, as environment variables (<c>Ami__Scanning__ClamAvPort</c>).</param>
    /// <param name="outputDirectory">Another build of the local host to run (an older deployment); default this build.</param>
    public static async Task<AmiSite> StartAsync(string connectionString, string taskHubPrefix, IReadOnlyDictionary<string, string>? settings = null, string? outputDirectory = null)
    {
        var taskHub = taskHubPrefix + Guid.NewGuid().ToString("N")[..12];
        return new AmiSite(connectionString, taskHub, await StartProcessAsync(connectionString, taskHub, settings, outputDirectory), settings);
    }

    /// <summary>
    /// kill -9 of the running process (nothing of its shutdown runs), then a new one on the same storage and task hub:
    /// this build, whatever build ran before (a deployment).
    /// </summary>
    public async Task<(int KilledPid, int NewPid)> KillAndRestartAsync()
    {
        var killed = Process.ProcessId;
        Process.Kill();
        Assert.True(Process.HasExited, $"process {killed} still runs after kill -9");
        await Process.DisposeAsync();
        Process = await StartProcessAsync(_connectionString, TaskHub, _settings);
        return (killed, Process.ProcessId);
    }

    public async ValueTask DisposeAsync() => await Process.DisposeAsync();

    /// <summary>The last lines the process printed, for failure messages.</summary>
    public string OutputTail()
    {
        var lines = Process.Output.Split('\n');
        return $"--- last output of Ami.LocalHost (pid {Process.ProcessId}) ---\n" + string.Join('\n', lines.TakeLast(40));
    }

    // ---- Staff ----------------------------------------------------------------------------------------------

    /// <summary><c>POST /api/campaigns</c> with the staff key; asserts 201 (created) or 200 (replaced).</summary>
    public async Task PostCampaignAsync(JsonObject campaign)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/campaigns", UriKind.Relative))
        {
            Content = new StringContent(campaign.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-functions-key", LocalHostProcess.TestStaffKey);
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"POST /api/campaigns: {(int)response.StatusCode} {body}");
    }

    /// <summary>A GET with the staff key (<c>x-functions-key</c>) or none.</summary>
    public async Task<HttpResponseMessage> GetAsync(string path, bool staffKey = false, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (staffKey)
        {
            request.Headers.Add("x-functions-key", LocalHostProcess.TestStaffKey);
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await Http.SendAsync(request);
    }

    /// <summary>The ids of the campaign's dossiers as staff list them.</summary>
    public async Task<IReadOnlyList<string>> ListDossierIdsAsync(string campaignId)
    {
        using var response = await GetAsync($"/api/campaigns/{campaignId}/dossiers", staffKey: true);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"staff list of {campaignId}: {(int)response.StatusCode} {body}");
        return [.. JsonDocument.Parse(body).RootElement.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("dossierId").GetString()!)];
    }

    // ---- Holder ---------------------------------------------------------------------------------------------

    /// <summary><c>POST /api/campaigns/{id}/dossiers</c>: the raw answer (status, problem or created dossier).</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body, string? ContentType, Uri? Location)> SubmitAsync(string campaignId, HttpContent multipart, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/campaigns/{campaignId}/dossiers", UriKind.Relative)) { Content = multipart };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return (response.StatusCode, body, response.Content.Headers.ContentType?.MediaType, response.Headers.Location);
    }

    /// <summary>Files samples/dossier.json with samples/statuts.pdf and samples/comptes.pdf; asserts 201.</summary>
    public async Task<FiledDossier> SubmitSampleAsync(string campaignId)
    {
        var (status, body, _, location) = await SubmitAsync(campaignId, Multipart.Valid(), Guid.NewGuid().ToString());
        Assert.True(status == HttpStatusCode.Created, $"submission to {campaignId}: {(int)status} {body}");
        var dossier = new FiledDossier(
            body.GetProperty("dossierId").GetString()!,
            body.GetProperty("reference").GetString()!,
            body.GetProperty("accessToken").GetString()!);
        Assert.Equal("submitted", body.GetProperty("status").GetString());
        Assert.Equal($"/api/dossiers/{dossier.Id}", location?.OriginalString);
        return dossier;
    }

    /// <summary><c>GET /api/dossiers/{id}</c> with the holder's token; asserts 200.</summary>
    public async Task<JsonElement> GetDossierAsync(FiledDossier dossier)
    {
        using var response = await GetAsync($"/api/dossiers/{dossier.Id}", bearer: dossier.AccessToken);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /api/dossiers/{dossier.Id}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Polls the holder's view until its status is <paramref name="status"/>.</summary>
    public Task<JsonElement> WaitForStatusAsync(FiledDossier dossier, string status, TimeSpan? timeout = null) =>
        Eventually.GetAsync($"dossier {dossier.Reference} to be « {status} »", async () =>
        {
            var view = await GetDossierAsync(dossier);
            var now = view.GetProperty("status").GetString();
            return (now == status, view, $"status « {now} », timeline [{string.Join(", ", Events(view))}]");
        }, timeout, OutputTail);

    /// <summary>
    /// <c>POST /api/dossiers/{id}/start</c> as the holder. The holder acts on the decision mail; the journey
    /// may still be finishing that step (a 409 <c>not-waiting</c> for a moment), so the holder tries again.
    /// </summary>
    public Task<JsonElement> DeclareStartAsync(FiledDossier dossier, DateOnly startDate) =>
        PostAsHolderAsync(dossier, "start", () => new StringContent(
            $$"""{ "startDate": "{{startDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}}" }""", Encoding.UTF8, "application/json"));

    /// <summary><c>POST /api/dossiers/{id}/bilan</c>: the report (a PDF) and the bilan JSON, multipart.</summary>
    public Task<JsonElement> HandInBilanAsync(FiledDossier dossier, byte[] report, string bilanJson) =>
        PostAsHolderAsync(dossier, "bilan", () =>
        {
            var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(report);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(file, "report", "bilan-premiere-annee.pdf");
            form.Add(new StringContent(bilanJson, Encoding.UTF8, "application/json"), "bilan");
            return form;
        });

    private Task<JsonElement> PostAsHolderAsync(FiledDossier dossier, string action, Func<HttpContent> content) =>
        Eventually.GetAsync($"POST /api/dossiers/{dossier.Reference}/{action} to be accepted (202)", async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/dossiers/{dossier.Id}/{action}", UriKind.Relative)) { Content = content() };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", dossier.AccessToken);
            using var response = await Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.Conflict && text.Contains("\"not-waiting\"", StringComparison.Ordinal))
            {
                Log($"POST {action}: 409 not-waiting, tried again");
                return (false, default, $"409 {text}");
            }

            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST {action}: {(int)response.StatusCode} {text}");
            return (true, JsonDocument.Parse(text).RootElement.Clone(), "202");
        }, context: OutputTail);

    // ---- Mail and action links ------------------------------------------------------------------------------

    /// <summary>The mails captured by the running process for <paramref name="address"/>, oldest first.</summary>
    public async Task<IReadOnlyList<CapturedMail>> MailsToAsync(string address) =>
        await Http.GetFromJsonAsync<List<CapturedMail>>(new Uri("/dev/mails?to=" + Uri.EscapeDataString(address), UriKind.Relative), Web) ?? [];

    /// <summary>Waits for a mail of <paramref name="kind"/> about <paramref name="dossierId"/> in <paramref name="address"/>'s inbox.</summary>
    public async Task<CapturedMail> WaitForMailAsync(string address, string kind, string? dossierId, TimeSpan? timeout = null) =>
        (await WaitForMailsAsync(address, kind, dossierId, 1, timeout))[0];

    /// <summary>Waits until <paramref name="address"/> received at least <paramref name="count"/> mails of <paramref name="kind"/> (oldest first).</summary>
    public Task<IReadOnlyList<CapturedMail>> WaitForMailsAsync(string address, string kind, string? dossierId, int count, TimeSpan? timeout = null) =>
        Eventually.GetAsync($"{count} « {kind} » mail(s) to {address}" + (dossierId is null ? "" : $" about {dossierId}"), async () =>
        {
            var mails = await MailsToAsync(address);
            IReadOnlyList<CapturedMail> matching = [.. mails.Where(m => m.Kind == kind && (dossierId is null || m.DossierId == dossierId))];
            return (matching.Count >= count, matching, $"{mails.Count} mail(s): [{string.Join("; ", mails)}]");
        }, timeout, OutputTail);

    /// <summary>
    /// Opens a mailed link as a browser would: the public address is served by the running process. A link
    /// whose step the journey is still reaching answers 409 for a moment: the person reloads the page.
    /// </summary>
    public Task<ActionForm> OpenLinkAsync(Uri publicLink)
    {
        Assert.StartsWith(PublicBaseUrl + "/api/actions/", publicLink.AbsoluteUri, StringComparison.Ordinal);
        var local = new Uri(publicLink.AbsolutePath, UriKind.Relative);
        return Eventually.GetAsync($"the page of {publicLink.AbsolutePath[..Math.Min(40, publicLink.AbsolutePath.Length)]}… to offer its form", async () =>
        {
            using var response = await Http.GetAsync(local);
            var html = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                Log($"GET {publicLink.AbsolutePath[..Math.Min(30, publicLink.AbsolutePath.Length)]}…: 409, page reloaded");
                return (false, null!, "409 " + WebUtility.HtmlDecode(html));
            }

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {publicLink}: {(int)response.StatusCode} {html}");
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            return (true, new ActionForm(local, html), "200");
        }, context: OutputTail);
    }

    /// <summary>A GET of a mailed link, whatever it answers: the status and the page's text (tags removed, entities decoded).</summary>
    public async Task<(HttpStatusCode Status, string Text)> GetPageAsync(Uri publicLink)
    {
        using var response = await Http.GetAsync(new Uri(publicLink.AbsolutePath, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", " ")));
    }

    /// <summary>Posts the form filled with <paramref name="values"/>, as the page's button does; asserts the thank-you page.</summary>
    public async Task<string> PostFormAsync(ActionForm form, IReadOnlyDictionary<string, string> values)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, form.Address) { Content = new FormUrlEncodedContent(form.Fill(values)) };
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await Http.SendAsync(request);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {form.Address}: {(int)response.StatusCode} {page}");
        Assert.Contains("est enregistrée", page, StringComparison.Ordinal);
        return page;
    }

    /// <summary>Reads the link of <paramref name="mail"/>, opens its page, fills and posts its form.</summary>
    public async Task<ActionForm> ActOnAsync(CapturedMail mail, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var form = await OpenLinkAsync(mail.ActionLink(PublicBaseUrl));
        await PostFormAsync(form, values);
        return form;
    }

    public static IEnumerable<string> Events(JsonElement view) =>
        view.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("event").GetString()!);

    private static async Task<LocalHostProcess> StartProcessAsync(string connectionString, string taskHub, IReadOnlyDictionary<string, string>? settings = null, string? outputDirectory = null)
    {
        var all = new Dictionary<string, string>(settings ?? new Dictionary<string, string>()) { ["Ami__PublicBaseUrl"] = PublicBaseUrl };
        return await LocalHostProcess.StartAsync(connectionString, taskHub, all, outputDirectory: outputDirectory);
    }
}

/// <summary>A dossier as its holder knows it after filing: the id, the reference and the access token (shown once).</summary>
internal sealed record FiledDossier(string Id, string Reference, string AccessToken);
