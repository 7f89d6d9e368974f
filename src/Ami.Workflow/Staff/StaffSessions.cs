using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ami.Workflow.Actions;
using Ami.Workflow.Configuration;
using Ami.Workflow.Links;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Ami.Workflow.Staff;

/// <summary>
/// Who the staff member of a request is, and the tokens that prove it:
/// <list type="bullet">
/// <item>with the platform's authentication on, the <c>X-MS-CLIENT-PRINCIPAL</c> header (and only it);</item>
/// <item>otherwise the local session cookie <see cref="CookieName"/>: <c>base64url("s1|account|expiry|nonce").base64url(HMAC)</c>,
/// HttpOnly, SameSite=Strict, Secure over HTTPS; an account removed from the configuration ends its sessions;</item>
/// <item>every POST of a staff page carries the anti-forgery token of <see cref="FormToken"/> (bound to the person, with an expiry).</item>
/// </list>
/// The HMAC keys are derived from the action-link keys (<see cref="LinkSigningOptions"/>) with labels of their own, so a
/// session, a form token, an action link and a holder's link can never pass for one another, and no new secret is needed.
/// </summary>
public sealed class StaffSessions
{
    public const string CookieName = "ami-gestion";

    /// <summary>The form field of the anti-forgery token.</summary>
    public const string FormField = "jeton";

    private const int MaxTokenLength = 512;
    private readonly IOptionsMonitor<StaffAuthOptions> _options;
    private readonly TimeProvider _clock;
    private readonly (byte[] Current, byte[]? Previous) _sessionKeys;
    private readonly (byte[] Current, byte[]? Previous) _formKeys;

    public StaffSessions(IOptions<LinkSigningOptions> keys, IOptionsMonitor<StaffAuthOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _ = new ActionLinkSigner(keys); // the same validation of the keys
        _options = options;
        _clock = clock;
        _sessionKeys = SignedEnvelope.Derive(keys.Value, "ami staff session v1");
        _formKeys = SignedEnvelope.Derive(keys.Value, "ami staff form v1");
    }

    public StaffAuthOptions Options => _options.CurrentValue;

    /// <summary>The signed-in staff member of the request, or null.</summary>
    public StaffPrincipal? Authenticate(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = _options.CurrentValue;
        if (options.PlatformAuthentication)
        {
            return ClientPrincipal.Parse(request.Headers[ClientPrincipal.HeaderName].ToString());
        }

        // Without the platform in front, a client could send any principal header: it is ignored.
        var cookie = request.Cookies[CookieName];
        if (Open(cookie, "s1", _sessionKeys) is not [var accountId, _, _])
        {
            return null;
        }

        return options.Accounts.FirstOrDefault(a => string.Equals(a.Id, accountId, StringComparison.Ordinal))?.ToPrincipal();
    }

    /// <summary>Signs <paramref name="account"/> in: sets the session cookie on the response.</summary>
    public void SignIn(HttpResponse response, LocalStaffAccount account, bool secure)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(account);
        var lifetime = _options.CurrentValue.SessionLifetime;
        var expiry = _clock.GetUtcNow() + lifetime;
        var value = Seal(_sessionKeys.Current, "s1", account.Id, Unix(expiry), Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)));
        response.Cookies.Append(CookieName, value, CookieOptions(secure, expiry));
    }

    public static void SignOut(HttpResponse response, bool secure)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Delete(CookieName, CookieOptions(secure, null));
    }

    /// <summary>The anti-forgery token of the pages shown to <paramref name="person"/>.</summary>
    public string FormToken(StaffPrincipal person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return Seal(_formKeys.Current, "f1", person.Id, Unix(_clock.GetUtcNow() + _options.CurrentValue.SessionLifetime));
    }

    /// <summary>True when <paramref name="token"/> was made for <paramref name="person"/> and has not expired.</summary>
    public bool IsFormToken(string? token, StaffPrincipal person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return Open(token, "f1", _formKeys) is [var id, _] && string.Equals(id, person.Id, StringComparison.Ordinal);
    }

    private static CookieOptions CookieOptions(bool secure, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = secure,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };

    private static string Unix(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static string Seal(byte[] key, params string[] parts)
    {
        return SignedEnvelope.Seal(key, Encoding.UTF8.GetBytes(string.Join('|', parts)));
    }

    /// <summary>The parts after the version of a sealed, unexpired value (the expiry is the second of them), or null.</summary>
    private string[]? Open(string? token, string version, (byte[] Current, byte[]? Previous) keys)
    {
        if (!SignedEnvelope.TryOpen(token, MaxTokenLength, keys.Current, keys.Previous, out var payload))
        {
            return null;
        }

        var parts = Encoding.UTF8.GetString(payload).Split('|');
        if (parts.Length < 3 || parts[0] != version
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry)
            || _clock.GetUtcNow().ToUnixTimeSeconds() >= expiry)
        {
            return null;
        }

        return parts[1..];
    }
}
