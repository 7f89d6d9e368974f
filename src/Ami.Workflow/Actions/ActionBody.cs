using System.Text.Json;
using Ami.Domain.Validation;
using Ami.Workflow.Steps;
using Microsoft.AspNetCore.Http;

namespace Ami.Workflow.Actions;

/// <summary>
/// The body of a <c>POST /api/actions/{token}</c>, as sent (form-encoded by the page, or JSON), values kept as
/// text so that every field's problem can be reported at once by <see cref="ActionDecisionRules"/>. The fields it reads
/// are the decision, the comment and those the steps of <see cref="StepCatalog"/> declare (<see cref="StepCatalog.BodyFields"/>).
/// </summary>
public sealed record ActionBody
{
    public string? Decision { get; init; }

    public string? Comment { get; init; }

    /// <summary>The steps' other fields as written, by name (<see cref="StepFields"/>); a field not sent is absent.</summary>
    public IReadOnlyDictionary<string, string?> Fields { get; init; } = new Dictionary<string, string?>(StringComparer.Ordinal);

    /// <summary>Scores by criterion key, as written (form fields <c>scores.{key}</c>, or the JSON object <c>scores</c>).</summary>
    public IReadOnlyDictionary<string, string>? Scores { get; init; }

    /// <summary>A field of a step as written, or null when not sent.</summary>
    public string? this[string field] => Fields.GetValueOrDefault(field);

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
            const string scoresPrefix = StepFields.Scores + ".";
            var scores = form.Keys
                .Where(k => k.StartsWith(scoresPrefix, StringComparison.Ordinal))
                .ToDictionary(k => k[scoresPrefix.Length..], k => form[k].ToString(), StringComparer.Ordinal);
            return new ActionBody
            {
                Decision = F(StepFields.Decision),
                Comment = F(StepFields.Comment),
                Fields = StepCatalog.BodyFields.Where(f => f.Type != FieldType.Scores).ToDictionary(f => f.Name, f => F(f.Name), StringComparer.Ordinal),
                Scores = scores.Count > 0 ? scores : null,
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
        if (root.TryGetProperty(StepFields.Scores, out var s) && s.ValueKind != JsonValueKind.Null)
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
                errors.Add(new FieldError(StepFields.Scores, ErrorCodes.InvalidType, "Un objet { critère : note } est attendu."));
            }
        }

        // Read in this order (the decision, the comment, then the steps' fields): the problems are listed in it.
        var decision = Text(StepFields.Decision);
        var comment = Text(StepFields.Comment);
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var field in StepCatalog.BodyFields)
        {
            fields[field.Name] = field.Type switch
            {
                FieldType.Number => Number(field.Name),
                FieldType.Flag => Flag(field.Name),
                FieldType.Text => Text(field.Name),
                _ => null,
            };
        }

        return new ActionBody { Decision = decision, Comment = comment, Fields = fields, Scores = scores, ReadErrors = errors };
    }
}
