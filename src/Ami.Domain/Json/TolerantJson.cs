using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Ami.Domain.Campaigns;
using Ami.Domain.Money;
using Ami.Domain.Validation;

namespace Ami.Domain.Json;

/// <summary>
/// Reads JSON into a type of this assembly without stopping at the first problem: every value of the
/// wrong type, unknown enum value, missing required member (and, when asked, unknown member) becomes a
/// <see cref="FieldError"/> with its path; the bad values are dropped and the rest is deserialised, so
/// that the rules on the values that are fine can report their own problems in the same answer.
/// Array items keep their index (a bad item becomes null), so later paths such as
/// <c>budget.expenses[2].amount</c> still point at the right item.
/// </summary>
internal static partial class TolerantJson
{
    /// <summary><see cref="AmiJson.Options"/> without the required-member check (reported here instead).</summary>
    private static readonly JsonSerializerOptions Lenient = CreateLenient();

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 32,
    };

    [GeneratedRegex(@"(?:Z|z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex EndsWithOffset();

    /// <summary>Parses <paramref name="json"/> and reads a <typeparamref name="T"/> from it; null when nothing could be read.</summary>
    internal static T? Read<T>(string json, List<FieldError> errors, bool reportUnknownMembers)
        where T : class
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line
                ? $" (ligne {line + 1}, position {(ex.BytePositionInLine ?? 0) + 1})"
                : string.Empty;
            errors.Add(new FieldError(string.Empty, ErrorCodes.InvalidJson, $"Le document n'est pas un JSON valide{where}."));
            return null;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new FieldError(string.Empty, ErrorCodes.InvalidType, "Un objet JSON est attendu."));
                return null;
            }

            var sanitized = Sanitize(document.RootElement, typeof(T), string.Empty, errors, reportUnknownMembers);
            try
            {
                return sanitized.Deserialize<T>(Lenient);
            }
            catch (JsonException)
            {
                // Sanitize keeps only values that deserialised on their own; this is a safety net.
                errors.Add(new FieldError(string.Empty, ErrorCodes.InvalidJson, "Le document ne peut pas être lu."));
                return null;
            }
        }
    }

    internal static string Member(string parent, string name) => parent.Length == 0 ? name : parent + "." + name;

    internal static string Item(string parent, int index) => $"{parent}[{index}]";

    private static JsonNode? Sanitize(JsonElement element, Type type, string path, List<FieldError> errors, bool reportUnknown)
    {
        var info = AmiJson.Options.GetTypeInfo(type);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object:
                if (element.ValueKind == JsonValueKind.Null)
                {
                    return null;
                }

                if (element.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(new FieldError(path, ErrorCodes.InvalidType, "Un objet JSON est attendu."));
                    return null;
                }

                return SanitizeObject(element, info, path, errors, reportUnknown);

            case JsonTypeInfoKind.Enumerable when info.ElementType is { } elementType:
                if (element.ValueKind == JsonValueKind.Null)
                {
                    return null;
                }

                if (element.ValueKind != JsonValueKind.Array)
                {
                    errors.Add(new FieldError(path, ErrorCodes.InvalidType, "Une liste est attendue."));
                    return null;
                }

                var array = new JsonArray();
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    var value = Sanitize(item, elementType, Item(path, index), errors, reportUnknown);
                    if (value is null && elementType.IsValueType && Nullable.GetUnderlyingType(elementType) is null)
                    {
                        // Keep the index of the items that follow: a bad item of a value type takes its
                        // default (its error is already reported at this very path).
                        value = JsonSerializer.SerializeToNode(Activator.CreateInstance(elementType), elementType, AmiJson.Options);
                    }

                    array.Add(value);
                    index++;
                }

                return array;

            default:
                return SanitizeValue(element, type, path, errors);
        }
    }

    private static JsonObject SanitizeObject(JsonElement element, JsonTypeInfo info, string path, List<FieldError> errors, bool reportUnknown)
    {
        var result = new JsonObject();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in element.EnumerateObject())
        {
            var property = info.Properties.FirstOrDefault(p => string.Equals(p.Name, member.Name, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                if (reportUnknown)
                {
                    errors.Add(new FieldError(Member(path, member.Name), ErrorCodes.UnknownField, "Champ inconnu."));
                }

                continue;
            }

            var memberPath = Member(path, property.Name);
            if (!seen.Add(property.Name))
            {
                errors.Add(new FieldError(memberPath, ErrorCodes.DuplicateField, "Ce champ est donné deux fois."));
                continue;
            }

            if (member.Value.ValueKind == JsonValueKind.Null)
            {
                // null is the same as absent: the default applies, and a required member is reported below.
                continue;
            }

            var value = Sanitize(member.Value, property.PropertyType, memberPath, errors, reportUnknown);
            if (value is not null)
            {
                result[property.Name] = value;
            }
        }

        foreach (var property in info.Properties.Where(p => p.IsRequired && !result.ContainsKey(p.Name) && !HasErrorAt(errors, Member(path, p.Name))))
        {
            errors.Add(new FieldError(Member(path, property.Name), ErrorCodes.Required, "Ce champ est obligatoire."));
        }

        return result;
    }

    private static bool HasErrorAt(List<FieldError> errors, string field) => errors.Exists(e => e.Field == field);

    private static JsonNode? SanitizeValue(JsonElement element, Type type, string path, List<FieldError> errors)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (element.ValueKind == JsonValueKind.Null && (target != type || !type.IsValueType))
        {
            return null;
        }

        var ok = target != typeof(DateTimeOffset)
            || (element.ValueKind == JsonValueKind.String && EndsWithOffset().IsMatch(element.GetString()!));
        if (ok)
        {
            try
            {
                JsonSerializer.Deserialize(element, type, AmiJson.Options);
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or ArgumentException or OverflowException)
            {
                ok = false;
            }
        }

        if (!ok)
        {
            var (code, message) = Describe(target);
            errors.Add(new FieldError(path, code, message));
            return null;
        }

        return JsonSerializer.SerializeToNode(element);
    }

    private static (string Code, string Message) Describe(Type type)
    {
        if (type.IsEnum)
        {
            var names = Enum.GetNames(type).Select(n => JsonNamingPolicy.KebabCaseLower.ConvertName(n));
            return (ErrorCodes.InvalidValue, $"Valeur inconnue. Valeurs possibles : {string.Join(", ", names)}.");
        }

        return type switch
        {
            _ when type == typeof(string) => (ErrorCodes.InvalidType, "Un texte est attendu."),
            _ when type == typeof(int) || type == typeof(long) => (ErrorCodes.InvalidNumber, "Un nombre entier est attendu."),
            _ when type == typeof(bool) => (ErrorCodes.InvalidType, "Vrai ou faux est attendu (true ou false)."),
            _ when type == typeof(Euros) => (ErrorCodes.InvalidAmount, "Un montant en euros est attendu : un nombre d'au plus deux décimales, par exemple 40000 ou 28000.50."),
            _ when type == typeof(DateOnly) => (ErrorCodes.InvalidDate, "Une date est attendue au format AAAA-MM-JJ, par exemple 2015-09-01."),
            _ when type == typeof(DateTimeOffset) => (ErrorCodes.InvalidDateTime, "Une date et une heure avec leur fuseau sont attendues, par exemple 2015-03-01T00:00:00+01:00."),
            _ when type == typeof(IsoDuration) => (ErrorCodes.InvalidDuration, "Une durée ISO 8601 est attendue, par exemple P12M, P30D ou PT20S."),
            _ when type == typeof(CampaignDeadline) => (ErrorCodes.InvalidDeadline, "La date limite est un jour (2015-05-29 : le jour entier, heure de Paris) ou un instant avec fuseau (2015-05-29T23:59:59+02:00)."),
            _ => (ErrorCodes.InvalidValue, "Valeur invalide."),
        };
    }

    private static JsonSerializerOptions CreateLenient()
    {
        var options = new JsonSerializerOptions(AmiJson.Options)
        {
            TypeInfoResolver = (AmiJson.Options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(static info =>
            {
                foreach (var property in info.Properties)
                {
                    property.IsRequired = false;
                }
            }),
        };
        options.MakeReadOnly();
        return options;
    }
}
