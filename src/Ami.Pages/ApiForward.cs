using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ami.Workflow.Intake;
using Microsoft.AspNetCore.Http;

namespace Ami.Pages;

/// <summary>
/// How a page goes through the API's own handler: the form becomes the API's multipart (the JSON part
/// <c>dossier</c>, then each file under its kind) in the request's body, and the handler's answer is run into a side
/// response to read its status and JSON. The page thus gets exactly the API's checks, codes and messages.
/// </summary>
internal static class ApiForward
{
    /// <summary>One file part of the API's multipart.</summary>
    internal sealed record FilePart(string Kind, string FileName, string? ContentType, Func<Stream> Open);

    /// <summary>Replaces the request's body with the API's multipart, and sets its <c>Idempotency-Key</c>.</summary>
    public static async Task AsDossierMultipartAsync(HttpRequest request, JsonObject dossier, IEnumerable<FilePart> files, string idempotencyKey, CancellationToken cancellationToken)
    {
        using var multipart = new MultipartFormDataContent();
        var json = new StringContent(dossier.ToJsonString(), Encoding.UTF8);
        json.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        multipart.Add(json, PartNames.Dossier);
        foreach (var file in files)
        {
            var part = new StreamContent(file.Open());
            part.Headers.ContentType = MediaTypeHeaderValue.TryParse(file.ContentType, out var type) ? type : new MediaTypeHeaderValue("application/octet-stream");
            multipart.Add(part, file.Kind, FileNames.Sanitize(file.FileName));
        }

        var body = new MemoryStream();
        await multipart.CopyToAsync(body, cancellationToken);
        body.Position = 0;
        request.Body = body;
        request.ContentLength = body.Length;
        request.ContentType = multipart.Headers.ContentType!.ToString();
        request.Headers[IdempotencyKeys.Header] = idempotencyKey;
    }

    /// <summary>Runs the API's result into a side response, to read its status, JSON and headers.</summary>
    public static async Task<(int Status, JsonElement Body, IHeaderDictionary Headers)> RunAsync(IResult result, HttpContext original)
    {
        var context = new DefaultHttpContext { RequestServices = original.RequestServices };
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        await result.ExecuteAsync(context);
        buffer.Position = 0;
        JsonElement body = default;
        if (buffer.Length > 0)
        {
            try
            {
                using var document = await JsonDocument.ParseAsync(buffer);
                body = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                body = default;
            }
        }

        return (context.Response.StatusCode, body, context.Response.Headers);
    }

    /// <summary>The API's field errors under the form's fields (or, naming none, its detail in the summary).</summary>
    public static void AddErrors(FilingForm form, JsonElement answer, string fallback)
    {
        if (answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
        {
            foreach (var e in errors.EnumerateArray())
            {
                form.AddError(e.TryGetProperty("field", out var f) ? f.GetString() ?? "" : "", e.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "");
            }
        }

        if (form.Errors.Count + form.OtherErrors.Count == 0)
        {
            form.OtherErrors.Add(answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("detail", out var detail) ? detail.GetString() ?? fallback : fallback);
        }
    }
}
