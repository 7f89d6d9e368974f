using Ami.Workflow.Orchestrations;

namespace Ami.Workflow.Configuration;

/// <summary>
/// The version new dossier journeys start with (<c>Ami:Journey:StartVersion</c>, default <see cref="JourneyVersions.Current"/>).
/// A deployment can keep starting 1.2 (per-dossier mails to the jurors, the president and the CP) until the people's
/// workspaces are all served, and go back to it if needed; running instances keep their own version either way.
/// The campaign's calendar (one mail per person) is started only for 1.3 and later: with 1.2 the journeys mail them.
/// </summary>
public sealed class JourneyOptions
{
    public const string Section = "Ami:Journey";

    public string StartVersion { get; set; } = JourneyVersions.Current;

    /// <summary>Whether new journeys leave the jurors', president's and CP's mails to the campaign's calendar.</summary>
    public bool CampaignWide => StartVersion is not (JourneyVersions.V1 or JourneyVersions.V1_1 or JourneyVersions.V1_2);
}
