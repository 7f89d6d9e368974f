using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ami.Workflow.Actions;
using Ami.Workflow.Configuration;
using Microsoft.Extensions.Options;

namespace Ami.Workflow.Links;

/// <summary>
/// The holder's personal link to "Mon dossier": <c>base64url("h1|dossierId|expiry").base64url(HMAC)</c>, scoped to
/// one dossier, signed with a key derived from the action-link keys (<see cref="LinkSigningOptions"/>): the
/// current key signs, the current and previous keys verify, so rotating the keys keeps mailed links working.
/// The derived key differs from the action links' key, so neither kind of token can pass for the other.
/// A new link (with a new expiry) is made for every mail to the holder.
/// </summary>
public sealed class HolderLinks
{
    /// <summary>How long a mailed link opens the page; every mail renews it, and "J'ai perdu mon lien" sends a fresh one.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(400);

    private const string Version = "h1";
    private const int MaxTokenLength = 512;
    private readonly byte[] _current;
    private readonly byte[]? _previous;
    private readonly string _baseUrl;

    public HolderLinks(IOptions<LinkSigningOptions> keys, IOptions<AmiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(options);
        _ = new ActionLinkSigner(keys); // the same validation of the keys (base64, at least 32 bytes)
        _current = Derive(keys.Value.Current);
        _previous = string.IsNullOrWhiteSpace(keys.Value.Previous) ? null : Derive(keys.Value.Previous);
        _baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');
    }

    /// <summary>The page's path for a token: <c>/mon-dossier/{token}</c>.</summary>
    public static string PagePath(string token) => "/mon-dossier/" + Uri.EscapeDataString(token);

    /// <summary>The absolute link mailed to the holder.</summary>
    public string PageUrl(string dossierId, DateTimeOffset now) => _baseUrl + PagePath(Sign(dossierId, now + Lifetime));

    public string Sign(string dossierId, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(dossierId);
        var payload = Encoding.UTF8.GetBytes(string.Join('|', Version, dossierId, expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(_current, payload));
    }

    /// <summary>The dossier the token opens, or why it does not.</summary>
    public LinkCheck Verify(string? token, DateTimeOffset now, out string? dossierId)
    {
        dossierId = null;
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
        if (parts.Length != 3 || parts[0] != Version || parts[1].Length == 0
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            return LinkCheck.Invalid;
        }

        dossierId = parts[1];
        return now.ToUnixTimeSeconds() >= expiry ? LinkCheck.Expired : LinkCheck.Valid;
    }

    private static bool Matches(byte[] key, byte[] payload, byte[] mac) =>
        mac.Length == 32 && CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, payload), mac);

    private static byte[] Derive(string key) =>
        HMACSHA256.HashData(Convert.FromBase64String(key), "ami holder link v1"u8);
}
