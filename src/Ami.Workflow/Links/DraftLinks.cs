using Ami.Workflow.Actions;
using Ami.Workflow.Configuration;
using Microsoft.Extensions.Options;

namespace Ami.Workflow.Links;

/// <summary>
/// The personal link to a draft, <c>/brouillon/{token}</c>: signed like the personal link to "Mon dossier" (a key of
/// its own derived from the action-link keys, the same rotation), naming one campaign and one draft. It lasts until
/// <see cref="AfterClose"/> after the call's close; every mail about the draft (its link, the reminders) carries a fresh one.
/// </summary>
public sealed class DraftLinks
{
    /// <summary>How long after the call's close a draft link still opens (to say that the call is closed).</summary>
    public static readonly TimeSpan AfterClose = TimeSpan.FromDays(30);

    private readonly SignedTokens _tokens;
    private readonly string _baseUrl;

    public DraftLinks(IOptions<LinkSigningOptions> keys, IOptions<AmiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _tokens = new SignedTokens(keys, "ami draft link v1", "b1");
        _baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');
    }

    public string Sign(string campaignId, string draftId, DateTimeOffset closesAt) => _tokens.Sign([campaignId, draftId], closesAt + AfterClose);

    /// <summary>The absolute link mailed to the holder.</summary>
    public string Url(string campaignId, string draftId, DateTimeOffset closesAt) =>
        _baseUrl + "/brouillon/" + Uri.EscapeDataString(Sign(campaignId, draftId, closesAt));

    public LinkCheck Verify(string? token, DateTimeOffset now, out string? campaignId, out string? draftId)
    {
        var check = _tokens.Verify(token, now, 2, out var fields);
        (campaignId, draftId) = check == LinkCheck.Valid ? (fields[0], fields[1]) : (null, null);
        return check;
    }
}
