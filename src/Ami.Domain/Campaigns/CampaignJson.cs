using System.Text.Json;
using Ami.Domain.Json;
using Ami.Domain.Validation;

namespace Ami.Domain.Campaigns;

/// <summary>Campaign documents (<c>campaigns/*.json</c>, <c>POST /api/campaigns</c>) in the JSON of docs/api.md.</summary>
public static class CampaignJson
{
    /// <summary>
    /// Reads and checks a campaign. Returns the campaign when it has no problem, otherwise null and every
    /// problem at once: malformed JSON, values of the wrong type, missing or unknown fields (a misspelt
    /// optional field would otherwise silently keep its default), then <see cref="CampaignRules"/>.
    /// </summary>
    public static (Campaign? Campaign, IReadOnlyList<FieldError> Errors) Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json = WithoutReadOnlyMembers(json);
        var errors = new List<FieldError>();
        var campaign = TolerantJson.Read<Campaign>(json, errors, reportUnknownMembers: true);
        if (campaign is null)
        {
            return (null, errors);
        }

        // A field that could not be read holds its default: its rules would only repeat the problem.
        var unreadable = errors.Select(e => e.Field).ToHashSet(StringComparer.Ordinal);
        var ruleErrors = CampaignRules.Check(campaign).Where(e => !unreadable.Contains(e.Field) && !DependsOnUnreadable(e, unreadable));
        errors.AddRange(ruleErrors);
        return errors.Count == 0 ? (campaign, errors) : (null, errors);
    }

    /// <summary>
    /// The read-only member the staff's <c>GET /api/campaigns/{id}</c> adds (the count of drafts): a campaign read,
    /// changed and posted back is accepted with it, and it is ignored.
    /// </summary>
    public const string DraftsMember = "drafts";

    private static string WithoutReadOnlyMembers(string json)
    {
        try
        {
            if (System.Text.Json.Nodes.JsonNode.Parse(json) is System.Text.Json.Nodes.JsonObject o && o.Remove(DraftsMember))
            {
                return o.ToJsonString();
            }
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            // Malformed (or a duplicate member): the reader reports it, with its position.
        }

        return json;
    }

    public static string Serialize(Campaign campaign) => JsonSerializer.Serialize(campaign, AmiJson.Options);

    /// <summary>The campaigns shipped with the application (<c>campaigns/*.json</c>, embedded), each checked.</summary>
    /// <exception cref="InvalidOperationException">A shipped campaign has a problem (a build defect).</exception>
    public static IReadOnlyList<Campaign> BuiltIn()
    {
        var assembly = typeof(CampaignJson).Assembly;
        var campaigns = new List<Campaign>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".json", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var (campaign, errors) = Parse(reader.ReadToEnd());
            if (campaign is null)
            {
                throw new InvalidOperationException($"Campagne embarquée invalide {name} : {string.Join(" ; ", errors.Select(e => $"{e.Field} {e.Code}"))}");
            }

            campaigns.Add(campaign);
        }

        return campaigns;
    }

    private static bool DependsOnUnreadable(FieldError error, HashSet<string> unreadable) =>
        error.Code == ErrorCodes.DeadlineBeforeOpening && unreadable.Contains("opensAt")
        || (error.Field.StartsWith("instalmentPercents", StringComparison.Ordinal) && unreadable.Any(f => f.StartsWith("instalmentPercents", StringComparison.Ordinal)))
        || (error.Field.StartsWith("attachments.", StringComparison.Ordinal) && error.Code == ErrorCodes.Inconsistent && unreadable.Any(f => f.StartsWith("attachments.", StringComparison.Ordinal)));
}
