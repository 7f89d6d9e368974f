using System.Text.RegularExpressions;

namespace Ami.Domain.Validation;

/// <summary>
/// Well-formed mail addresses, as SendGrid accepts them: one plain ASCII address (no display name, no
/// comments, no quoted local part), a domain with at least one dot and a letter-only top-level label.
/// Internationalised (accented) domains must be given in their <c>xn--</c> form.
/// </summary>
public static partial class EmailAddresses
{
    /// <summary>RFC 5321: at most 64 characters before the @ and 254 in all.</summary>
    public const int MaxLength = 254;

    private const int MaxLocalPartLength = 64;

    [GeneratedRegex(
        @"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsValid(string? address)
    {
        if (string.IsNullOrEmpty(address) || address.Length > MaxLength)
        {
            return false;
        }

        var at = address.IndexOf('@', StringComparison.Ordinal);
        return at is > 0 and <= MaxLocalPartLength && Pattern().IsMatch(address);
    }
}
