using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Ami.Workflow.Configuration;

namespace Ami.Workflow.Links;

/// <summary>
/// The envelope every signed token of the app shares (action links, the people's links, the staff session):
/// <c>base64url(payload).base64url(HMAC-SHA256(key, payload))</c>. The current key seals; the current and the
/// previous keys open (rotation). What the payload says is each token's own affair.
/// </summary>
internal static class SignedEnvelope
{
    public static string Seal(byte[] key, byte[] payload) =>
        Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(key, payload));

    /// <summary>The payload of an authentic token, sealed with <paramref name="current"/> or <paramref name="previous"/>.</summary>
    public static bool TryOpen(string? token, int maxLength, byte[] current, byte[]? previous, [NotNullWhen(true)] out byte[]? payload)
    {
        payload = null;
        if (string.IsNullOrEmpty(token) || token.Length > maxLength)
        {
            return false;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot != token.LastIndexOf('.') || dot == token.Length - 1)
        {
            return false;
        }

        byte[] data;
        byte[] mac;
        try
        {
            data = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
            mac = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return false;
        }

        if (!Matches(current, data, mac) && (previous is null || !Matches(previous, data, mac)))
        {
            return false;
        }

        payload = data;
        return true;
    }

    /// <summary>
    /// Keys of their own for one kind of token, derived from the link-signing keys under <paramref name="label"/>,
    /// so that a token of one kind can never pass for another.
    /// </summary>
    public static (byte[] Current, byte[]? Previous) Derive(LinkSigningOptions keys, string label)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var labelBytes = Encoding.UTF8.GetBytes(label);
        return (HMACSHA256.HashData(Convert.FromBase64String(keys.Current), labelBytes),
                string.IsNullOrWhiteSpace(keys.Previous) ? null : HMACSHA256.HashData(Convert.FromBase64String(keys.Previous), labelBytes));
    }

    private static bool Matches(byte[] key, byte[] payload, byte[] mac) =>
        mac.Length == 32 && CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, payload), mac);
}
