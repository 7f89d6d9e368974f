namespace Ami.Pages.Staff;

/// <summary>
/// The staff's pages (both hosts map exactly these; the route-parity test checks it). A signed-in person with the right
/// role only: the local session cookie, or the platform's principal in Azure (<see cref="Workflow.Staff.StaffSessions"/>).
/// </summary>
public static class StaffPageRoutes
{
    public const string SignIn = "connexion";
    public const string SignOut = "deconnexion";
    public const string Home = "gestion";
    public const string Campaign = "gestion/campagnes/{campaignId}";
    public const string Dossiers = "gestion/campagnes/{campaignId}/dossiers";
    public const string DossiersCsv = "gestion/campagnes/{campaignId}/dossiers.csv";
    public const string DossiersXlsx = "gestion/campagnes/{campaignId}/dossiers.xlsx";
    public const string Dossier = "gestion/dossiers/{dossierId}";
    public const string DossierZip = "gestion/dossiers/{dossierId}/fichiers.zip";
    public const string DossierDecision = "gestion/dossiers/{dossierId}/decision";

    public static string HomePath => "/" + Home;

    public static string SignInPath => "/" + SignIn;

    public static string CampaignPath(string campaignId) => "/gestion/campagnes/" + Uri.EscapeDataString(campaignId);

    public static string DossiersPath(string campaignId) => "/gestion/campagnes/" + Uri.EscapeDataString(campaignId) + "/dossiers";

    public static string DossierPath(string dossierId) => "/gestion/dossiers/" + Uri.EscapeDataString(dossierId);

    /// <summary>Where a sign-in may send the person back: a staff page of this site only (never another site, never <c>//host</c>).</summary>
    public static string SafeReturn(string? path) =>
        path is { Length: > 0 and <= 2000 } p && p.StartsWith("/gestion", StringComparison.Ordinal) && !p.StartsWith("//", StringComparison.Ordinal)
            && !p.Contains('\\', StringComparison.Ordinal) && !p.Any(char.IsControl)
            ? p
            : HomePath;
}
