using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ami.Domain.Dossiers;
using Ami.Domain.Json;
using Ami.Domain.Money;
using Ami.Domain.Validation;

namespace Ami.Workflow.Intake;

/// <summary>
/// Reads the <c>dossier</c> part and reports every shape error, not only the first: each value that does
/// not fit (an unknown enum value, a string for an amount…) is reported with its field path, taken out,
/// and the rest is read again, so that the eligibility rules can still run on everything else.
/// </summary>
public static class DossierJsonReader
{
    private const int MaxShapeErrors = 50;

    public static (DossierSubmission? Submission, IReadOnlyList<FieldError> Errors) Read(ReadOnlySpan<byte> json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            var line = ((e.LineNumber ?? 0) + 1).ToString(CultureInfo.InvariantCulture);
            return (null, [new FieldError("dossier", "invalid-json", $"La partie « dossier » n'est pas un JSON valide (ligne {line}).")]);
        }

        if (root is not JsonObject)
        {
            return (null, [new FieldError("dossier", "invalid-json", "La partie « dossier » doit être un objet JSON.")]);
        }

        var errors = new List<FieldError>();
        for (var i = 0; i < MaxShapeErrors; i++)
        {
            try
            {
                return (root.Deserialize<DossierSubmission>(AmiJson.Options), errors);
            }
            catch (JsonException e)
            {
                var segments = Parse(e.Path);
                if (segments.Count == 0)
                {
                    errors.Add(new FieldError("dossier", "invalid-json", "La partie « dossier » ne suit pas le format attendu."));
                    return (null, errors);
                }

                errors.Add(new FieldError(FieldName(segments), "invalid-value", Explain(segments)));
                if (!Remove(root, segments))
                {
                    return (null, errors);
                }
            }
        }

        return (null, errors);
    }

    /// <summary>Whether an eligibility error concerns a field already reported as malformed (not reported twice).</summary>
    public static bool IsUnder(string field, string malformedField) =>
        field == malformedField
        || field.StartsWith(malformedField + ".", StringComparison.Ordinal)
        || field.StartsWith(malformedField + "[", StringComparison.Ordinal);

    private static List<object> Parse(string? path)
    {
        // System.Text.Json paths: $.holder.type, $.budget.expenses[0].amount, $['odd name']
        var segments = new List<object>();
        if (string.IsNullOrEmpty(path) || path[0] != '$')
        {
            return segments;
        }

        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                segments.Add(path[(i + 1)..end]);
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['"))
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    return [];
                }

                segments.Add(path[(i + 2)..end]);
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0 || !int.TryParse(path.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    return [];
                }

                segments.Add(index);
                i = end + 1;
            }
            else
            {
                return [];
            }
        }

        return segments;
    }

    private static string FieldName(List<object> segments)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var s in segments)
        {
            if (s is int index)
            {
                sb.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
            else
            {
                sb.Append(sb.Length == 0 ? "" : ".").Append((string)s);
            }
        }

        return sb.ToString();
    }

    /// <summary>Takes the malformed value out: a property is removed, an array element becomes an empty object.</summary>
    private static bool Remove(JsonNode root, List<object> segments)
    {
        JsonNode? parent = root;
        foreach (var s in segments.Take(segments.Count - 1))
        {
            parent = s is int index
                ? parent is JsonArray a && index < a.Count ? a[index] : null
                : parent is JsonObject o && o.TryGetPropertyValue((string)s, out var child) ? child : null;
            if (parent is null)
            {
                return false;
            }
        }

        switch (segments[^1], parent)
        {
            case (string name, JsonObject o) when o.ContainsKey(name):
                o.Remove(name);
                return true;
            case (int index, JsonArray a) when index < a.Count && a[index] is not JsonObject:
                a[index] = new JsonObject();
                return true;
            default:
                return false;
        }
    }

    /// <summary>A French message saying what the field expects, from the C# type at that path.</summary>
    private static string Explain(List<object> segments)
    {
        var type = typeof(DossierSubmission);
        foreach (var s in segments)
        {
            if (type is null)
            {
                break;
            }

            type = s is int ? ElementType(type) : type.GetProperty((string)s, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.PropertyType;
            type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        }

        return type switch
        {
            null => "Valeur invalide.",
            { IsEnum: true } => "Valeur non reconnue ; valeurs possibles : " + string.Join(", ", Enum.GetValues(type).Cast<object>().Select(v => JsonSerializer.Serialize(v, type, AmiJson.Options).Trim('"'))) + ".",
            _ when type == typeof(Euros) => "Montant attendu : un nombre d'euros avec au plus deux décimales.",
            _ when type == typeof(DateOnly) => "Date attendue au format AAAA-MM-JJ.",
            _ when type == typeof(int) => "Nombre entier attendu.",
            _ when type == typeof(string) => "Texte attendu.",
            _ when ElementType(type) is not null => "Liste attendue.",
            _ => "Objet attendu.",
        };
    }

    private static Type? ElementType(Type type) =>
        type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && type.IsGenericType ? type.GetGenericArguments()[0] : null;
}
