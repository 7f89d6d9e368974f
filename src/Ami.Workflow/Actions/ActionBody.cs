using System.Text.Json;
using Ami.Domain.Validation;
using Microsoft.AspNetCore.Http;

namespace Ami.Workflow.Actions;

/// <summary>
/// The body of a <c>POST /api/actions/{token}</c>, as sent (form-encoded by the page, or JSON), values kept as
/// text so that every field's problem can be reported at once by <see cref="ActionDecisionRules"/>.
/// </summary>
public sealed record ActionBody
{
    public string? Decision { get; init; }

    public string? Comment { get; init; }

    public string? Audition { get; init; }

    public string? AuditionAt { get; init; }

    public string? AuditionPlace { get; init; }

    /// <summary>Scores by criterion key, as written (form fields <c>scores.{key}</c>, or the JSON object <c>scores</c>).</summary>
    public IReadOnlyDictionary<string, string>? Scores { get; init; }

    public string? ProposedAmount { get; init; }

    public string? Amount { get; init; }

    public string? CpDate { get; init; }

    /// <summary>Problems met while reading (not JSON, a field of the wrong type).</summary>
    public IReadOnlyList<FieldError> ReadErrors { get; init; } = [];

    public const long MaxBytes = 64 * 1024;

    /// <summary>Reads a form-encoded or JSON body.</summary>
    public static async Task<ActionBody> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > MaxBytes)
        {
            return new ActionBody { ReadErrors = [new FieldError("", ErrorCodes.TooLong, "Le formulaire envoyé est trop volumineux.")] };
        }

        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            string? F(string key) => form.TryGetValue(key, out var v) ? v.ToString() : null;
            var scores = form.Keys
                .Where(k => k.StartsWith("scores.", StringComparison.Ordinal))
                .ToDictionary(k => k["scores.".Length..], k => form[k].ToString(), StringComparer.Ordinal);
            return new ActionBody
            {
                Decision = F("decision"),
                Comment = F("comment"),
                Audition = F("audition"),
                AuditionAt = F("auditionAt"),
                AuditionPlace = F("auditionPlace"),
                Scores = scores.Count > 0 ? scores : null,
                ProposedAmount = F("proposedAmount"),
                Amount = F("amount"),
                CpDate = F("cpDate"),
            };
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
        }
        catch (JsonException)
        {
            return new ActionBody { ReadErrors = [new FieldError("", ErrorCodes.InvalidJson, "Le corps de la requête n'est pas un JSON valide (ou un formulaire).")] };
        }

        using (document)
        {
            return FromJson(document.RootElement);
        }
    }

    public static ActionBody FromJson(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new ActionBody { ReadErrors = [new FieldError("", ErrorCodes.InvalidType, "Le corps de la requête doit être un objet JSON.")] };
        }

        var errors = new List<FieldError>();
        string? Text(string name)
        {
            if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (v.ValueKind == JsonValueKind.String)
            {
                return v.GetString();
            }

            errors.Add(new FieldError(name, ErrorCodes.InvalidType, "Une chaîne de caractères est attendue."));
            return null;
        }

        string? Number(string name)
        {
            if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (v.ValueKind == JsonValueKind.Number)
            {
                return v.GetRawText();
            }

            errors.Add(new FieldError(name, ErrorCodes.InvalidNumber, "Un nombre est attendu."));
            return null;
        }

        string? Flag(string name)
        {
            if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (v.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                return v.GetRawText();
            }

            errors.Add(new FieldError(name, ErrorCodes.InvalidType, "true ou false est attendu."));
            return null;
        }

        Dictionary<string, string>? scores = null;
        if (root.TryGetProperty("scores", out var s) && s.ValueKind != JsonValueKind.Null)
        {
            if (s.ValueKind == JsonValueKind.Object)
            {
                scores = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var p in s.EnumerateObject())
                {
                    scores[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? "" : p.Value.GetRawText();
                }
            }
            else
            {
                errors.Add(new FieldError("scores", ErrorCodes.InvalidType, "Un objet { critère : note } est attendu."));
            }
        }

        return new ActionBody
        {
            Decision = Text("decision"),
            Comment = Text("comment"),
            Audition = Flag("audition"),
            AuditionAt = Text("auditionAt"),
            AuditionPlace = Text("auditionPlace"),
            Scores = scores,
            ProposedAmount = Number("proposedAmount"),
            Amount = Number("amount"),
            CpDate = Text("cpDate"),
            ReadErrors = errors,
        };
    }
}
