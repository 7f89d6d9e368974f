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

    private readonly SignedTokens _tokens;
    private readonly string _baseUrl;

    public HolderLinks(IOptions<LinkSigningOptions> keys, IOptions<AmiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(options);
        _tokens = new SignedTokens(keys, "ami holder link v1", "h1");
        _baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');
    }

    /// <summary>The page's path for a token: <c>/mon-dossier/{token}</c>.</summary>
    public static string PagePath(string token) => "/mon-dossier/" + Uri.EscapeDataString(token);

    /// <summary>The absolute link mailed to the holder.</summary>
    public string PageUrl(string dossierId, DateTimeOffset now) => _baseUrl + PagePath(Sign(dossierId, now + Lifetime));

    public string Sign(string dossierId, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(dossierId);
        return _tokens.Sign([dossierId], expiresAt);
    }

    /// <summary>The dossier the token opens, or why it does not.</summary>
    public LinkCheck Verify(string? token, DateTimeOffset now, out string? dossierId)
    {
        var check = _tokens.Verify(token, now, 1, out var fields);
        dossierId = check == LinkCheck.Invalid ? null : fields[0];
        return check;
    }
}
