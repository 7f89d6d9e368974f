using System.Text.RegularExpressions;

namespace Ami.Domain.Validation;

/// <summary>
/// French telephone numbers as people write them: ten digits starting with 0 (<c>05 56 56 38 75</c>,
/// <c>05.56.56.38.75</c>, <c>0556563875</c>), or the international form of a metropolitan number
/// (<c>+33 5 56 56 38 75</c>, <c>+33 (0)5 56 56 38 75</c>, <c>0033556563875</c>) or of an overseas
/// department with its own country code (+262 La Réunion and Mayotte, +590 Guadeloupe, +594 Guyane,
/// +596 Martinique). Spaces, dots and hyphens between digits are ignored.
/// </summary>
public static partial class FrenchPhoneNumbers
{
    public const int MaxLength = 30;

    [GeneratedRegex(@"^(?:0[1-9]\d{8}|(?:\+|00)33[1-9]\d{8}|(?:\+|00)(?:262|590|594|596)\d{9})$", RegexOptions.CultureInvariant)]
    private static partial Regex Compact();

    public static bool IsValid(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone) || phone.Length > MaxLength)
        {
            return false;
        }

        var compact = string.Concat(phone.Where(ch => ch is not (' ' or '.' or '-' or '\u00a0')));
        foreach (var prefix in (ReadOnlySpan<string>)["+33(0)", "0033(0)"])
        {
            if (compact.StartsWith(prefix, StringComparison.Ordinal))
            {
                compact = prefix[..^3] + compact[prefix.Length..];
                break;
            }
        }

        return Compact().IsMatch(compact);
    }
}
