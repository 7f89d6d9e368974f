using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ami.LocalHost.Dev;

/// <summary>One mail as SendGrid would have received it (<c>POST /v3/mail/send</c>).</summary>
public sealed record CapturedMail(
    long Sequence,
    DateTimeOffset ReceivedAt,
    string From,
    IReadOnlyList<string> To,
    string? ReplyTo,
    string Subject,
    string? Text,
    string? Html,
    IReadOnlyList<string> Categories,
    IReadOnlyDictionary<string, string> CustomArgs,
    string Authorization,
    JsonNode Raw);

/// <summary>
/// A SendGrid-compatible capture endpoint: accepts <c>POST /v3/mail/send</c> like SendGrid (202, no body),
/// keeps the mails in memory, and lists them at <c>GET /dev/mails</c>. The real SendGrid SDK is pointed at
/// it locally, so the same code path as production runs and mails can be read back.
/// </summary>
public sealed class MailCapture
{
    private readonly ConcurrentQueue<CapturedMail> _mails = new();
    private readonly string? _journal;
    private readonly Lock _journalGate = new();
    private long _sequence;

    public MailCapture()
    {
    }

    /// <summary>
    /// Captured mails also written to <paramref name="journal"/> (one JSON line per mail, next to the local Azurite's data)
    /// and read back from it: <c>/dev/mails</c> survives a restart of the local host, as the journeys do.
    /// </summary>
    public MailCapture(string journal)
    {
        _journal = journal;
        if (!File.Exists(journal))
        {
            return;
        }

        foreach (var line in File.ReadLines(journal))
        {
            try
            {
                if (JsonNode.Parse(line) is JsonObject saved && saved["body"] is JsonObject body
                    && ToMail(body, Interlocked.Increment(ref _sequence), saved["receivedAt"]!.GetValue<DateTimeOffset>(), "Bearer (journal)") is { } mail)
                {
                    _mails.Enqueue(mail);
                }
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or NullReferenceException)
            {
                // A line cut by a crash: the mails before it are kept.
            }
        }
    }

    /// <summary>When set, the next answers are these status codes (to test retries), then 202.</summary>
    public ConcurrentQueue<int> ScriptedStatuses { get; } = new();

    public IReadOnlyList<CapturedMail> Mails => [.. _mails];

    public int Attempts => (int)Interlocked.Read(ref _attempts);

    private long _attempts;

    public void Clear()
    {
        _mails.Clear();
        ScriptedStatuses.Clear();
    }

    internal async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        Interlocked.Increment(ref _attempts);
        var auth = request.Headers.Authorization.ToString();
        if (!auth.StartsWith("Bearer ", StringComparison.Ordinal) || auth.Length <= 7)
        {
            return Results.Json(new { errors = new[] { new { message = "The provided authorization grant is invalid, expired, or revoked", field = (string?)null } } }, statusCode: 401);
        }

        if (ScriptedStatuses.TryDequeue(out var scripted))
        {
            return Results.Json(new { errors = new[] { new { message = "scripted failure", field = (string?)null } } }, statusCode: scripted);
        }

        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body);
        }
        catch (JsonException)
        {
            return Results.Json(new { errors = new[] { new { message = "Bad Request", field = (string?)null } } }, statusCode: 400);
        }

        if (body is null || body["from"]?["email"] is null || body["personalizations"]?.AsArray() is not { Count: > 0 })
        {
            return Results.Json(new { errors = new[] { new { message = "The from, personalizations fields are required.", field = "from" } } }, statusCode: 400);
        }

        var mail = ToMail(body, Interlocked.Increment(ref _sequence), DateTimeOffset.UtcNow, auth)!;
        if (_journal is not null)
        {
            var line = new JsonObject { ["receivedAt"] = mail.ReceivedAt, ["body"] = body.DeepClone() }.ToJsonString();
            lock (_journalGate)
            {
                File.AppendAllText(_journal, line + "\n");
            }
        }

        _mails.Enqueue(mail);
        return Results.StatusCode(StatusCodes.Status202Accepted);
    }

    private static CapturedMail? ToMail(JsonNode body, long sequence, DateTimeOffset receivedAt, string auth)
    {
        var from = body["from"]?["email"]?.GetValue<string>();
        var personalizations = body["personalizations"]?.AsArray();
        if (from is null || personalizations is null || personalizations.Count == 0)
        {
            return null;
        }

        var to = personalizations.SelectMany(p => p?["to"]?.AsArray() ?? []).Select(t => t?["email"]?.GetValue<string>() ?? "").ToList();
        string? ContentOf(string type) => body["content"]?.AsArray().FirstOrDefault(c => c?["type"]?.GetValue<string>() == type)?["value"]?.GetValue<string>();
        var categories = body["categories"]?.AsArray().Select(c => c?.GetValue<string>() ?? "").ToList() ?? [];
        var customArgs = new Dictionary<string, string>();
        foreach (var source in new[] { body["custom_args"], personalizations[0]?["custom_args"] })
        {
            if (source is JsonObject o)
            {
                foreach (var (k, v) in o)
                {
                    customArgs[k] = v?.ToString() ?? "";
                }
            }
        }

        return new CapturedMail(
            sequence,
            receivedAt,
            from,
            to,
            body["reply_to"]?["email"]?.GetValue<string>(),
            body["subject"]?.GetValue<string>() ?? personalizations[0]?["subject"]?.GetValue<string>() ?? "",
            ContentOf("text/plain"),
            ContentOf("text/html"),
            categories,
            customArgs,
            auth,
            body);
    }
}

public static class SendGridCaptureEndpoints
{
    /// <summary>Maps <c>POST /v3/mail/send</c> (SendGrid's API) onto <paramref name="capture"/>.</summary>
    public static IEndpointRouteBuilder MapSendGridCapture(this IEndpointRouteBuilder endpoints, MailCapture capture)
    {
        endpoints.MapPost("/v3/mail/send", (HttpRequest request) => capture.ReceiveAsync(request));
        return endpoints;
    }

    /// <summary>Maps <c>GET /dev/mails</c>: the captured mails, newest last (local host only).</summary>
    public static IEndpointRouteBuilder MapCapturedMails(this IEndpointRouteBuilder endpoints, MailCapture capture)
    {
        endpoints.MapGet("/dev/mails", (string? to) =>
            Results.Json(capture.Mails
                .Where(m => to is null || m.To.Contains(to, StringComparer.OrdinalIgnoreCase))
                .Select(m => new { m.Sequence, m.ReceivedAt, m.From, m.To, m.ReplyTo, m.Subject, m.Text, m.Html, m.Categories, m.CustomArgs })));
        return endpoints;
    }
}
