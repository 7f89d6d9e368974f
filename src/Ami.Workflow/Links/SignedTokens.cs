using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ami.Workflow.Actions;
using Ami.Workflow.Configuration;
using Microsoft.Extensions.Options;

namespace Ami.Workflow.Links;

/// <summary>
/// The signed tokens of the people's links: <c>base64url("version|field|…|expiry").base64url(HMAC-SHA256)</c>, with a
/// key derived from the action-link keys (<see cref="LinkSigningOptions"/>) under a label of its own: the current
/// key signs, the current and previous keys verify (rotation), and a token of one kind can never pass for another.
/// </summary>
internal sealed class SignedTokens
{
    private const int MaxTokenLength = 512;
    private readonly byte[] _current;
    private readonly byte[]? _previous;
    private readonly string _version;

    public SignedTokens(IOptions<LinkSigningOptions> keys, string label, string version)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _ = new ActionLinkSigner(keys); // the same validation of the keys (base64, at least 32 bytes)
        var labelBytes = Encoding.UTF8.GetBytes(label);
        _current = HMACSHA256.HashData(Convert.FromBase64String(keys.Value.Current), labelBytes);
        _previous = string.IsNullOrWhiteSpace(keys.Value.Previous) ? null : HMACSHA256.HashData(Convert.FromBase64String(keys.Value.Previous), labelBytes);
        _version = version;
    }

    public string Sign(IReadOnlyList<string> fields, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Any(f => string.IsNullOrEmpty(f) || f.Contains('|', StringComparison.Ordinal)))
        {
            throw new ArgumentException("A signed field is neither empty nor contains '|'.", nameof(fields));
        }

        var payload = Encoding.UTF8.GetBytes(string.Join('|', [_version, .. fields, expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)]));
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(_current, payload));
    }

    /// <summary>The signed fields (<paramref name="count"/> of them) of a token, or why it is refused.</summary>
    public LinkCheck Verify(string? token, DateTimeOffset now, int count, out string[] fields)
    {
        fields = [];
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return LinkCheck.Invalid;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot != token.LastIndexOf('.') || dot == token.Length - 1)
        {
            return LinkCheck.Invalid;
        }

        byte[] payload;
        byte[] mac;
        try
        {
            payload = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
            mac = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return LinkCheck.Invalid;
        }

        if (!Matches(_current, payload, mac) && (_previous is null || !Matches(_previous, payload, mac)))
        {
            return LinkCheck.Invalid;
        }

        var parts = Encoding.UTF8.GetString(payload).Split('|');
        if (parts.Length != count + 2 || parts[0] != _version || parts[1..^1].Any(p => p.Length == 0)
            || !long.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            return LinkCheck.Invalid;
        }

        fields = parts[1..^1];
        return now.ToUnixTimeSeconds() >= expiry ? LinkCheck.Expired : LinkCheck.Valid;
    }

    private static bool Matches(byte[] key, byte[] payload, byte[] mac) =>
        mac.Length == 32 && CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, payload), mac);
}
