namespace Ami.Pages;

/// <summary>
/// The people's pages, under readable French paths beside the API (<c>/api/…</c>). Both hosts map exactly these
/// (Ami.Functions with <c>[Function]</c> routes, Ami.LocalHost with minimal API routes): the route-parity test checks it.
/// </summary>
public static class PageRoutes
{
    public const string Stylesheet = "/ressources/ami.css";
    public const string Script = "/ressources/ami.js";

    /// <summary>GET the holder's page; POST its actions (<c>demarrage</c>, <c>retrait</c>).</summary>
    public const string MyDossier = "mon-dossier/{token}";
    public const string MyDossierStart = "mon-dossier/{token}/demarrage";
    public const string MyDossierBilan = "mon-dossier/{token}/bilan";
    public const string MyDossierWithdraw = "mon-dossier/{token}/retrait";

    /// <summary>GET the change-request form (prefilled), POST the completed dossier.</summary>
    public const string MyDossierChanges = "mon-dossier/{token}/complements";

    /// <summary>GET one of the holder's files through a short-lived link (<c>FileLinks</c>).</summary>
    public const string File = "fichier/{token}";
    public const string LostLink = "lien-perdu";
    public const string Filing = "deposer/{campaignId}";

    /// <summary>GET a draft back in the filing form, from its personal link (<c>DraftLinks</c>).</summary>
    public const string Draft = "brouillon/{token}";
    public const string Asset = "ressources/{name}";

    public static string MyDossierPath(string token) => "/mon-dossier/" + Uri.EscapeDataString(token);
}
