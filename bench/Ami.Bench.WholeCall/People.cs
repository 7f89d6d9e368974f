using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Ami.LocalHost.Dev;

namespace Ami.Bench.WholeCall;

/// <summary>A dossier as its holder knows it after filing.</summary>
internal sealed record Filed(int Index, string Id, string Reference, string AccessToken);

/// <summary>
/// The people of the call, over HTTP only: the holder posts to the API with the token of the filing, everyone
/// else opens the link of their mail (<c>/api/actions/{token}</c>), reads the page's form and posts it as a
/// browser does (its hidden fields kept). A page or a holder's POST that arrives before the journey reached the
/// step answers 409 for a moment: the person reloads and tries again, counted in <see cref="Retries"/>.
/// </summary>
internal sealed partial class People(HttpClient http)
{
    private long _retries;

    public long Retries => Interlocked.Read(ref _retries);

    public async Task<Filed> FileAsync(int index, string campaignId, HttpContent multipart)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/campaigns/{campaignId}/dossiers") { Content = multipart };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"dossier {index}: {(int)response.StatusCode} {text}");
        }

        using var body = System.Text.Json.JsonDocument.Parse(text);
        var root = body.RootElement;
        return new Filed(index, root.GetProperty("dossierId").GetString()!, root.GetProperty("reference").GetString()!, root.GetProperty("accessToken").GetString()!);
    }

    /// <summary>Opens the mail's link, fills the page's form with <paramref name="values"/> and posts it.</summary>
    public async Task ActOnAsync(CapturedMail mail, IReadOnlyDictionary<string, string> values)
    {
        var link = LinkPattern().Matches(mail.Text ?? "").Select(m => m.Value).Distinct(StringComparer.Ordinal).SingleOrDefault()
            ?? throw new InvalidOperationException($"« {mail.Subject} » carries no single action link");
        var path = new Uri(link).AbsolutePath;
        string html;
        while (true)
        {
            using var page = await http.GetAsync(path);
            html = await page.Content.ReadAsStringAsync();
            if (page.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            if (page.StatusCode != HttpStatusCode.Conflict)
            {
                throw new InvalidOperationException($"GET {path}: {(int)page.StatusCode} {html}");
            }

            Interlocked.Increment(ref _retries);
            await Task.Delay(250);
        }

        var form = FormPattern().Match(html);
        if (!form.Success)
        {
            throw new InvalidOperationException($"the page of « {mail.Subject} » has no form");
        }

        var filled = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match field in HiddenPattern().Matches(form.Groups["body"].Value))
        {
            var name = NamePattern().Match(field.Value);
            var value = ValuePattern().Match(field.Value);
            if (name.Success)
            {
                filled[WebUtility.HtmlDecode(name.Groups[1].Value)] = value.Success ? WebUtility.HtmlDecode(value.Groups[1].Value) : "";
            }
        }

        foreach (var (name, value) in values)
        {
            filled[name] = value;
        }

        using var post = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(filled) };
        post.Headers.Accept.ParseAdd("text/html");
        using var answer = await http.SendAsync(post);
        if (answer.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"POST {path} (« {mail.Subject} »): {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary><c>POST /api/dossiers/{id}/start</c> as the holder.</summary>
    public Task DeclareStartAsync(Filed dossier, DateOnly startDate) =>
        PostAsHolderAsync(dossier, "start", () => new StringContent(
            $$"""{ "startDate": "{{startDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}}" }""", Encoding.UTF8, "application/json"));

    /// <summary><c>POST /api/dossiers/{id}/bilan</c>: the report (a small PDF) and the bilan JSON.</summary>
    public Task HandInBilanAsync(Filed dossier) =>
        PostAsHolderAsync(dossier, "bilan", () =>
        {
            var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(BilanReport);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(file, "report", "bilan-premiere-annee.pdf");
            form.Add(new StringContent(Bilan, Encoding.UTF8, "application/json"), "bilan");
            return form;
        });

    private async Task PostAsHolderAsync(Filed dossier, string action, Func<HttpContent> content)
    {
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/dossiers/{dossier.Id}/{action}") { Content = content() };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", dossier.AccessToken);
            using var response = await http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                return;
            }

            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.Conflict || !text.Contains("\"not-waiting\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"POST {action} of {dossier.Reference}: {(int)response.StatusCode} {text}");
            }

            Interlocked.Increment(ref _retries);
            await Task.Delay(250);
        }
    }

    private const string Bilan = """
        { "spent": [ { "category": "researchers", "amount": 12000 }, { "category": "staff-time", "amount": 15250.40 }, { "category": "travel", "amount": 830.10 } ],
          "summary": "Trois jardins ouverts, 140 habitants impliqués, une enquête sur l'isolement menée avec l'université." }
        """;

    private static readonly byte[] BilanReport = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% bilan de la première année\n%%EOF\n"u8.ToArray();

    [GeneratedRegex(@"https?://[^\s""<>]+/api/actions/[A-Za-z0-9_~.%-]+", RegexOptions.CultureInvariant)]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"<form method=""post"">(?<body>.*?)</form>", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex FormPattern();

    [GeneratedRegex(@"<input\b[^>]*type=""hidden""[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex HiddenPattern();

    [GeneratedRegex(@"\bname=""([^""]*)""", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"\bvalue=""([^""]*)""", RegexOptions.CultureInvariant)]
    private static partial Regex ValuePattern();
}
