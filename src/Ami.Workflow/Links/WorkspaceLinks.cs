using System.Globalization;
using Ami.Workflow.Actions;
using Ami.Workflow.Configuration;
using Microsoft.Extensions.Options;

namespace Ami.Workflow.Links;

/// <summary>Who a campaign-wide workspace link is for.</summary>
public enum WorkspaceRole
{
    /// <summary>A juror: "Mes dossiers à évaluer" (<see cref="WorkspaceGrant.JurorIndex"/> names which).</summary>
    Juror,

    /// <summary>The jury president: the campaign's ranking and the jury's opinions, filled in one sitting.</summary>
    President,

    /// <summary>The CP secretariat: the sessions of the Commission permanente and their decisions.</summary>
    CpSecretariat,
}

/// <summary>What a valid workspace link grants: one person's part of one campaign until it expires.</summary>
/// <param name="CampaignId">The campaign the link is for; a link never opens another campaign's workspace.</param>
/// <param name="Role">Who acts.</param>
/// <param name="JurorIndex">For a juror, the position in the campaign's juror list (0-based, as the actions' <c>juror-N</c>); 0 otherwise.</param>
public sealed record WorkspaceGrant(string CampaignId, WorkspaceRole Role, int JurorIndex = 0);

/// <summary>
/// The personal, campaign-wide link of a juror, of the jury president or of the CP secretariat: one link per person
/// and campaign instead of one per dossier. Signed like the other people's links (<see cref="SignedTokens"/>: a key of
/// its own derived from the action-link keys, the same rotation), naming the campaign, the role and, for a juror, the
/// juror's index. The pages: <c>/jury/{token}</c> (juror), <c>/jury/avis/{token}</c> (president),
/// <c>/commission/{token}</c> (CP secretariat).
/// </summary>
public sealed class WorkspaceLinks
{
    private readonly SignedTokens _tokens;
    private readonly string _baseUrl;

    public WorkspaceLinks(IOptions<LinkSigningOptions> keys, IOptions<AmiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _tokens = new SignedTokens(keys, "ami workspace link v1", "w1");
        _baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');
    }

    /// <summary>The path of the workspace's page for a role, under the public base URL.</summary>
    public static string PathOf(WorkspaceRole role) => role switch
    {
        WorkspaceRole.Juror => "/jury/",
        WorkspaceRole.President => "/jury/avis/",
        WorkspaceRole.CpSecretariat => "/commission/",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    /// <summary>A token that opens the workspace until <paramref name="expiresAt"/> (a fresh one goes with every later mail).</summary>
    public string Sign(WorkspaceGrant grant, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return _tokens.Sign([grant.CampaignId, RoleText(grant.Role), grant.JurorIndex.ToString(CultureInfo.InvariantCulture)], expiresAt);
    }

    /// <summary>The absolute link mailed to the person.</summary>
    public string Url(WorkspaceGrant grant, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return _baseUrl + PathOf(grant.Role) + Uri.EscapeDataString(Sign(grant, expiresAt));
    }

    /// <summary>Opens a token for <paramref name="role"/>: a link of another role, tampered with or expired is refused.</summary>
    public LinkCheck Verify(string? token, WorkspaceRole role, DateTimeOffset now, out WorkspaceGrant? grant)
    {
        grant = null;
        var check = _tokens.Verify(token, now, 3, out var fields);
        if (check != LinkCheck.Valid)
        {
            return check;
        }

        if (fields[1] != RoleText(role) || !int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || (role != WorkspaceRole.Juror && index != 0))
        {
            return LinkCheck.Invalid;
        }

        grant = new WorkspaceGrant(fields[0], role, index);
        return LinkCheck.Valid;
    }

    private static string RoleText(WorkspaceRole role) => role switch
    {
        WorkspaceRole.Juror => "juror",
        WorkspaceRole.President => "president",
        WorkspaceRole.CpSecretariat => "cp",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };
}
