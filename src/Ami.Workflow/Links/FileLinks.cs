using Ami.Workflow.Actions;
using Ami.Workflow.Configuration;
using Microsoft.Extensions.Options;

namespace Ami.Workflow.Links;

/// <summary>
/// Short-lived download links to the holder's own files, made afresh each time "Mon dossier" is shown:
/// <c>/fichier/{token}</c> with a token signed like the personal link (its own derived key, rotation with the
/// action-link keys) naming one dossier, one file and an expiry <see cref="Lifetime"/> away. A link never outlives
/// its purpose (a download from the page just shown); a replaced file's link opens nothing.
/// </summary>
public sealed class FileLinks(IOptions<LinkSigningOptions> keys)
{
    /// <summary>How long a download link works after the page that shows it.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private readonly SignedTokens _tokens = new(keys, "ami holder file v1", "f1");

    /// <summary>The download's path: <c>/fichier/{token}</c>.</summary>
    public string Path(string dossierId, string attachmentId, DateTimeOffset now) =>
        "/fichier/" + Uri.EscapeDataString(_tokens.Sign([dossierId, attachmentId], now + Lifetime));

    public LinkCheck Verify(string? token, DateTimeOffset now, out string? dossierId, out string? attachmentId)
    {
        var check = _tokens.Verify(token, now, 2, out var fields);
        (dossierId, attachmentId) = check == LinkCheck.Valid ? (fields[0], fields[1]) : (null, null);
        return check;
    }
}
