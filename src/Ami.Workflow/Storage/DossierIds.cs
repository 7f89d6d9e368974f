using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Ami.Workflow.Storage;

/// <summary>
/// Dossier ids embed their campaign (<c>ami-is-2015.k8f3m2q9x7c4v1b6n5z0</c>), so that a dossier is found
/// by a single point read (PartitionKey = campaign, RowKey = dossier) without an extra index. The random
/// part (100 bits) is not a secret (the access token is); it only makes ids unique and unguessable.
/// </summary>
public static partial class DossierIds
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex CampaignIdPattern();

    [GeneratedRegex("^[0-9a-z]{8,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex RandomPattern();

    /// <summary>Whether <paramref name="campaignId"/> can be a key and a blob folder (lower-case slug).</summary>
    public static bool IsValidCampaignId(string? campaignId) => campaignId is not null && CampaignIdPattern().IsMatch(campaignId);

    public static string New(string campaignId) => $"{campaignId}.{RandomToken(20)}";

    /// <summary>The campaign of a well-formed dossier id; false for anything else (answered 404).</summary>
    public static bool TryGetCampaign(string? dossierId, out string campaignId)
    {
        campaignId = "";
        if (dossierId is null || dossierId.Length > 100)
        {
            return false;
        }

        var dot = dossierId.LastIndexOf('.');
        if (dot <= 0 || !IsValidCampaignId(dossierId[..dot]) || !RandomPattern().IsMatch(dossierId[(dot + 1)..]))
        {
            return false;
        }

        campaignId = dossierId[..dot];
        return true;
    }

    /// <summary>Random lower-case Crockford base32 (5 bits a character).</summary>
    public static string RandomToken(int length)
    {
        Span<byte> bytes = stackalloc byte[length];
        RandomNumberGenerator.Fill(bytes);
        return string.Create(length, bytes.ToArray(), (chars, b) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = Alphabet[b[i] & 31];
            }
        });
    }
}
