namespace Ami.Pages.Workspaces;

/// <summary>
/// The campaign-wide pages of the jury president and the CP secretariat, from their personal link
/// (<see cref="Workflow.Links.WorkspaceLinks"/>). Both hosts map exactly these (the route-parity test checks it).
/// </summary>
public static class WorkspaceRoutes
{
    /// <summary>GET the ranking and the opinions form; POST the opinions, all at once.</summary>
    public const string Opinions = "jury/avis/{token}";

    /// <summary>GET the sessions of the Commission permanente and the form that opens one.</summary>
    public const string Commission = "commission/{token}";

    /// <summary>POST: opens a session (its date).</summary>
    public const string OpenSession = "commission/{token}/seances";

    /// <summary>GET the session's decisions form; POST its decisions.</summary>
    public const string Session = "commission/{token}/seances/{sessionId}";

    /// <summary>POST the session's decisions as a CSV file (multipart, field <c>fichier</c>).</summary>
    public const string SessionImport = "commission/{token}/seances/{sessionId}/import";

    /// <summary>GET the "tableau des décisions" (print view), and as CSV.</summary>
    public const string Table = "commission/{token}/seances/{sessionId}/tableau";
    public const string TableCsv = "commission/{token}/seances/{sessionId}/tableau.csv";

    public static string OpinionsPath(string token) => "/jury/avis/" + Uri.EscapeDataString(token);

    public static string CommissionPath(string token) => "/commission/" + Uri.EscapeDataString(token);

    public static string SessionPath(string token, string sessionId) => CommissionPath(token) + "/seances/" + Uri.EscapeDataString(sessionId);
}
