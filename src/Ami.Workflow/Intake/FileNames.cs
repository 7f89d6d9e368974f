using System.Globalization;
using System.Text;

namespace Ami.Workflow.Intake;

/// <summary>Makes a client's file name safe to keep and show: no folder, no control or reserved characters, bounded.</summary>
public static class FileNames
{
    public const int MaxLength = 100;

    private const string Fallback = "fichier";

    public static string Sanitize(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return Fallback;
        }

        // Keep the last segment whatever the client's path separator.
        var last = name.Replace('\\', '/');
        last = last[(last.LastIndexOf('/') + 1)..].Normalize(NormalizationForm.FormC);
        var sb = new StringBuilder(last.Length);
        foreach (var rune in last.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator)
            {
                continue;
            }

            var c = rune.Value;
            sb.Append(c is '"' or '*' or ':' or '<' or '>' or '?' or '|' or '#' or '%' ? "_" : rune.ToString());
        }

        var cleaned = sb.ToString().Trim().Trim('.').Trim();
        if (cleaned.Length == 0)
        {
            return Fallback;
        }

        return cleaned.Length <= MaxLength ? cleaned : Shorten(cleaned);
    }

    /// <summary>Cuts the stem, keeping a short extension, without splitting a surrogate pair.</summary>
    private static string Shorten(string name)
    {
        var dot = name.LastIndexOf('.');
        var extension = dot > 0 && name.Length - dot <= 10 ? name[dot..] : "";
        var stem = extension.Length > 0 ? name[..dot] : name;
        var keep = MaxLength - extension.Length;
        if (char.IsHighSurrogate(stem[keep - 1]))
        {
            keep--;
        }

        return stem[..keep].TrimEnd() + extension;
    }
}
