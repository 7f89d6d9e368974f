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
        (_current, _previous) = SignedEnvelope.Derive(keys.Value, label);
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
        return SignedEnvelope.Seal(_current, payload);
    }

    /// <summary>The signed fields (<paramref name="count"/> of them) of a token, or why it is refused.</summary>
    public LinkCheck Verify(string? token, DateTimeOffset now, int count, out string[] fields)
    {
        fields = [];
        if (!SignedEnvelope.TryOpen(token, MaxTokenLength, _current, _previous, out var payload))
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
}
