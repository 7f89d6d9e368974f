using System.Security.Cryptography;
using System.Text;
using Ami.Workflow.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Ami.Workflow.Intake;

/// <summary>
/// A holder's access token: 32 random bytes, base64url, handed out once at submission. Only its SHA-256
/// (hex) is stored; a presented token is hashed and compared in constant time.
/// </summary>
public static class AccessTokens
{
    public static (string Token, string Hash) New()
    {
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        return (token, Hash(token));
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The token of an <c>Authorization: Bearer …</c> header, or null.</summary>
    public static string? FromRequest(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && header.Length > scheme.Length
            ? header[scheme.Length..].Trim()
            : null;
    }

    public static bool Matches(string? token, string storedHash)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200 || string.IsNullOrEmpty(storedHash))
        {
            return false;
        }

        if (storedHash.Length != 64 || !storedHash.All(Uri.IsHexDigit))
        {
            return false;
        }

        var expected = Convert.FromHexString(storedHash);
        Span<byte> actual = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), actual);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}

/// <summary>
/// Idempotency keys: the stored row key is a hash of (route scope, key); the access token of the first
/// answer is kept encrypted (AES-256-GCM) under a key derived (HKDF-SHA256) from the client's
/// Idempotency-Key and the request's fingerprint. The server never stores the Idempotency-Key itself, so
/// the stored token can only be recovered by a client that presents the same key and the same body.
/// Clients should use random keys (a UUID): a guessable key weakens this protection.
/// </summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 200;

    public static string RowKey(string scope, string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(scope + "\n" + key)));

    public static string Protect(string token, string key, string requestHash)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var plain = Encoding.UTF8.GetBytes(token);
        var cipher = new byte[plain.Length];
        var tag = new byte[16];
        using var aes = new AesGcm(Derive(key, requestHash), 16);
        aes.Encrypt(nonce, plain, cipher, tag);
        return Convert.ToBase64String([.. nonce, .. cipher, .. tag]);
    }

    public static string? Unprotect(string? protectedToken, string key, string requestHash)
    {
        if (string.IsNullOrEmpty(protectedToken))
        {
            return null;
        }

        try
        {
            var bytes = Convert.FromBase64String(protectedToken);
            if (bytes.Length < 12 + 16)
            {
                return null;
            }

            var plain = new byte[bytes.Length - 28];
            using var aes = new AesGcm(Derive(key, requestHash), 16);
            aes.Decrypt(bytes.AsSpan(0, 12), bytes.AsSpan(12, plain.Length), bytes.AsSpan(bytes.Length - 16), plain);
            return Encoding.UTF8.GetString(plain);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return null;
        }
    }

    private static byte[] Derive(string key, string requestHash) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(key), 32, Encoding.UTF8.GetBytes(requestHash), "ami/idempotency/access-token"u8.ToArray());
}
