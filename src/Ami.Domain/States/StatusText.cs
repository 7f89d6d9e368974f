using System.Text.Json;
using Ami.Domain.Json;

namespace Ami.Domain.States;

/// <summary>Dossier statuses as the API writes them (<c>changes-requested</c>).</summary>
public static class StatusText
{
    public static string Format(DossierStatus status) => JsonSerializer.Serialize(status, AmiJson.Options).Trim('"');

    public static DossierStatus Parse(string text) => JsonSerializer.Deserialize<DossierStatus>($"\"{text}\"", AmiJson.Options);

    public static bool TryParse(string? text, out DossierStatus status)
    {
        status = default;
        if (string.IsNullOrEmpty(text) || text.Contains('"', StringComparison.Ordinal) || text.Contains('\\', StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            status = Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
