using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ami.Workflow.Configuration;
using Ami.Workflow.Links;
using Microsoft.Extensions.Options;

namespace Ami.Workflow.Actions;

/// <summary>
/// What a signed action link says: for which dossier, step, attempt and actor, which decisions it allows and
/// until when. Carries no address: the actor is a role and an index in the campaign's lists.
/// </summary>
/// <param name="Actor">The actor key, e.g. <c>staff-0</c>, <c>juror-2</c>, <c>president</c>, <c>cp</c>.</param>
public sealed record ActionClaims(
    string DossierId,
    string Step,
    int Attempt,
    string Actor,
    IReadOnlyList<string> Decisions,
    DateTimeOffset ExpiresAt);

public enum LinkCheck
{
    Valid,

    /// <summary>Not a token, altered, or signed with a key we do not hold: answered 404.</summary>
    Invalid,

    /// <summary>Authentic but past its expiry: answered 410.</summary>
    Expired,
}

/// <summary>
/// Signs and verifies action-link tokens: <c>base64url(payload).base64url(HMAC-SHA256(payload))</c>.
/// <see cref="LinkSigningOptions.Current"/> signs; Current and <see cref="LinkSigningOptions.Previous"/>
/// verify, so a key can be rotated without breaking the links already mailed.
/// </summary>
public sealed class ActionLinkSigner
{
    private const int MaxTokenLength = 4096;
    private readonly byte[] _current;
    private readonly byte[]? _previous;

    public ActionLinkSigner(IOptions<LinkSigningOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _current = DecodeKey(options.Value.Current, nameof(LinkSigningOptions.Current));
        _previous = string.IsNullOrWhiteSpace(options.Value.Previous) ? null : DecodeKey(options.Value.Previous, nameof(LinkSigningOptions.Previous));
    }

    /// <summary>True when <paramref name="value"/> is base64 of at least 32 bytes.</summary>
    public static bool IsKey(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var length) && length >= 32;
    }

    public string Sign(ActionClaims claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var payload = JsonSerializer.SerializeToUtf8Bytes(Payload.From(claims), PayloadContext.Default.Payload);
        return SignedEnvelope.Seal(_current, payload);
    }

    public LinkCheck Verify(string? token, DateTimeOffset now, out ActionClaims? claims)
    {
        claims = null;
        if (!SignedEnvelope.TryOpen(token, MaxTokenLength, _current, _previous, out var payload))
        {
            return LinkCheck.Invalid;
        }

        Payload? p;
        try
        {
            p = JsonSerializer.Deserialize(payload, PayloadContext.Default.Payload);
        }
        catch (JsonException)
        {
            return LinkCheck.Invalid;
        }

        if (p is null || string.IsNullOrEmpty(p.D) || string.IsNullOrEmpty(p.S) || string.IsNullOrEmpty(p.U) || p.C is null || p.A < 1)
        {
            return LinkCheck.Invalid;
        }

        claims = p.ToClaims();
        return now >= claims.ExpiresAt ? LinkCheck.Expired : LinkCheck.Valid;
    }

    private static byte[] DecodeKey(string value, string name)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(value);
        }
        catch (FormatException e)
        {
            throw new OptionsValidationException(LinkSigningOptions.Section, typeof(LinkSigningOptions), [$"{LinkSigningOptions.Section}:{name} n'est pas du base64 ({e.Message})."]);
        }

        return key.Length >= 32
            ? key
            : throw new OptionsValidationException(LinkSigningOptions.Section, typeof(LinkSigningOptions), [$"{LinkSigningOptions.Section}:{name} doit faire au moins 32 octets."]);
    }

    /// <summary>The signed JSON, with short names to keep links short.</summary>
    internal sealed record Payload(string D, string S, int A, string U, string[] C, long E)
    {
        public static Payload From(ActionClaims c) => new(c.DossierId, c.Step, c.Attempt, c.Actor, [.. c.Decisions], c.ExpiresAt.ToUnixTimeSeconds());

        public ActionClaims ToClaims() => new(D, S, A, U, C, DateTimeOffset.FromUnixTimeSeconds(E));
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ActionLinkSigner.Payload))]
internal sealed partial class PayloadContext : JsonSerializerContext;
