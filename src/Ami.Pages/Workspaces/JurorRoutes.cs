namespace Ami.Pages.Workspaces;

/// <summary>
/// The juror's workspace, "Mes dossiers à évaluer", from the juror's personal campaign-wide link (<c>WorkspaceLinks</c>,
/// role juror). Both hosts map exactly these (the route-parity test checks it).
/// </summary>
public static class JurorRoutes
{
    /// <summary>GET the juror's list of dossiers.</summary>
    public const string List = "jury/{token}";

    /// <summary>GET one dossier and its grid; POST the grid (<c>action</c> = <c>enregistrer</c>, <c>valider</c> or <c>conflit</c>).</summary>
    public const string Dossier = "jury/{token}/dossiers/{dossierId}";

    public static string ListPath(string token) => "/jury/" + Uri.EscapeDataString(token);

    public static string DossierPath(string token, string dossierId) => ListPath(token) + "/dossiers/" + Uri.EscapeDataString(dossierId);
}
