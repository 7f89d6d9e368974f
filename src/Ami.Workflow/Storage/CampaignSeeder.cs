using Ami.Domain.Campaigns;
using Ami.Workflow.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ami.Workflow.Storage;

/// <summary>
/// Loads the campaign files of <c>Ami:CampaignsPath</c> (<c>campaigns/*.json</c>) into the store at start.
/// A file only seeds a campaign that does not exist yet: a campaign replaced by staff through
/// <c>POST /api/campaigns</c> is not overwritten by the file at the next start. A file that is not a
/// valid campaign stops the start (a deployment error must not go unnoticed).
/// </summary>
public sealed class CampaignSeeder(TableCampaignStore store, IOptions<AmiOptions> options, ILogger<CampaignSeeder> logger)
{
    /// <summary>Returns how many campaigns were added.</summary>
    public async Task<int> SeedAsync(CancellationToken cancellationToken = default)
    {
        var folder = ResolveFolder(options.Value.CampaignsPath);
        var added = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var (campaign, errors) = CampaignJson.Parse(await File.ReadAllTextAsync(file, cancellationToken));
            if (campaign is null || errors.Count > 0)
            {
                throw new InvalidDataException(
                    $"Campagne invalide dans {Path.GetFileName(file)} : " + string.Join(" ; ", errors.Select(e => $"{e.Field} ({e.Code}) {e.Message}")));
            }

            if (await store.TryAddAsync(campaign, cancellationToken))
            {
                added++;
                logger.LogInformation("Campaign {CampaignId} loaded from its file", campaign.Id);
            }
        }

        return added;
    }

    /// <summary>A relative path is taken from the app's folder (where the build copies <c>campaigns/</c>), else from the current folder.</summary>
    internal static string ResolveFolder(string path)
    {
        if (Path.IsPathRooted(path))
        {
            return Directory.Exists(path) ? path : throw new DirectoryNotFoundException($"Dossier des campagnes introuvable : {path}");
        }

        foreach (var candidate in new[] { Path.Combine(AppContext.BaseDirectory, path), Path.GetFullPath(path) })
        {
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"Dossier des campagnes introuvable : {path}");
    }
}
