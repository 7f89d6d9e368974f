namespace Ami.Domain.Validation;

/// <summary>
/// SIRET numbers (INSEE establishment identifier): 14 digits, the first nine being the SIREN. Both the
/// SIREN and the whole SIRET carry a Luhn check digit.
/// </summary>
/// <remarks>
/// La Poste (SIREN <c>356 000 000</c>) numbers its thousands of establishments with a different rule:
/// their SIRET is valid when the sum of its 14 digits is a multiple of 5. We accept a La Poste SIRET when
/// it passes either rule (its head office, <c>356 000 000 00048</c>, passes Luhn but not the sum rule),
/// as INSEE's own checks do, so that a post office acting as a partner or holder is not refused.
/// Spaces written between digit groups (<c>732 829 320 00074</c>) are ignored.
/// </remarks>
public static class Siret
{
    private const string LaPosteSiren = "356000000";

    /// <summary>The 14 digits without separators, or null when the text is not 14 digits.</summary>
    public static string? Normalize(string? siret)
    {
        if (siret is null)
        {
            return null;
        }

        var digits = string.Concat(siret.Where(ch => ch is not (' ' or '\u00a0')));
        return digits.Length == 14 && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    public static bool IsValid(string? siret)
    {
        var digits = Normalize(siret);
        if (digits is null || !PassesLuhn(digits.AsSpan(0, 9)))
        {
            return false;
        }

        if (PassesLuhn(digits))
        {
            return true;
        }

        return digits.StartsWith(LaPosteSiren, StringComparison.Ordinal) && digits.Sum(ch => ch - '0') % 5 == 0;
    }

    /// <summary>Luhn check over ASCII digits (the last one being the check digit).</summary>
    internal static bool PassesLuhn(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return sum % 10 == 0;
    }
}
