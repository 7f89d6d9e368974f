using System.Security.Cryptography;
using System.Text;
using Ami.Pages.Components.Staff;
using Ami.Workflow.Configuration;
using Ami.Workflow.Ports;
using Ami.Workflow.Staff;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Ami.Pages.Staff;

/// <summary>
/// <c>/connexion</c> (the local sign-in: a named account of <see cref="StaffAuthOptions.Accounts"/> and the local staff
/// key; in Azure, Entra ID's sign-in instead), <c>/deconnexion</c>, and <c>/gestion</c>, the campaigns.
/// </summary>
public sealed class StaffPages(StaffSessions sessions, StaffGuard guard, IOptionsMonitor<AmiOptions> ami, ICampaignStore campaigns, PageRenderer pages)
{
    /// <summary>Every role: pages any staff member may open.</summary>
    public static readonly StaffRole[] AnyRole = Enum.GetValues<StaffRole>();

    /// <summary>The sign-in form's own anti-forgery identity (no person yet).</summary>
    private static readonly StaffPrincipal SignInForm = new("-connexion-", "", "", new HashSet<StaffRole>(), StaffSource.LocalSession);

    /// <summary><c>GET /connexion?retour=…</c>.</summary>
    public async Task<IResult> SignInFormAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var back = StaffPageRoutes.SafeReturn(request.Query["retour"].ToString());
        if (sessions.Options.PlatformAuthentication)
        {
            return new SeeOther(guard.SignInUrl(back));
        }

        return await RenderSignInAsync(StatusCodes.Status200OK, back, null, new Dictionary<string, string>());
    }

    /// <summary><c>POST /connexion</c>: <c>compte</c>, <c>cle</c>, <c>retour</c> and the form's token.</summary>
    public async Task<IResult> SignInAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (sessions.Options.PlatformAuthentication)
        {
            return await guard.MessageAsync(null, StatusCodes.Status404NotFound, "Connexion par Entra ID", ["La connexion se fait par le compte Microsoft de la Région."], guard.SignInUrl(StaffPageRoutes.HomePath), "Se connecter");
        }

        if (!HolderPages.SameOrigin(request))
        {
            return await guard.MessageAsync(null, StatusCodes.Status403Forbidden, "Demande refusée", ["Ce formulaire doit être envoyé depuis la page de connexion de ce site."]);
        }

        var form = await HolderPages.ReadFormAsync(request, cancellationToken);
        var back = StaffPageRoutes.SafeReturn(form?["retour"].ToString());
        if (!sessions.IsFormToken(form?[StaffSessions.FormField].ToString(), SignInForm))
        {
            return await guard.MessageAsync(null, StatusCodes.Status403Forbidden, "Formulaire refusé",
                ["Ce formulaire a expiré ou ne vient pas de la page de connexion : rechargez-la, puis recommencez."], StaffPageRoutes.SignInPath, "Page de connexion");
        }

        var chosen = form?["compte"].ToString() ?? "";
        var account = sessions.Options.Accounts.FirstOrDefault(a => string.Equals(a.Id, chosen, StringComparison.Ordinal));
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (account is null)
        {
            errors["compte"] = "Choisissez votre compte.";
        }

        var key = form?["cle"].ToString() ?? "";
        if (key.Length == 0)
        {
            errors["cle"] = "Saisissez la clé d'accès locale.";
        }
        else if (!KeyMatches(key, ami.CurrentValue.StaffKey))
        {
            errors["cle"] = "Cette clé n'est pas la clé d'accès de cette installation.";
        }

        if (errors.Count > 0)
        {
            return await RenderSignInAsync(StatusCodes.Status400BadRequest, back, account?.Id, errors);
        }

        sessions.SignIn(request.HttpContext.Response, account!, request.IsHttps);
        return new SeeOther(back);
    }

    /// <summary><c>POST /deconnexion</c>.</summary>
    public async Task<IResult> SignOutAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (_, _, refusal) = await guard.ForPostAsync(request, cancellationToken, AnyRole);
        if (refusal is not null)
        {
            return refusal;
        }

        if (sessions.Options.PlatformAuthentication)
        {
            return new SeeOther("/.auth/logout?post_logout_redirect_uri=" + Uri.EscapeDataString(StaffPageRoutes.HomePath));
        }

        StaffSessions.SignOut(request.HttpContext.Response, request.IsHttps);
        return new SeeOther(StaffPageRoutes.SignInPath);
    }

    /// <summary><c>GET /gestion</c>: the campaigns.</summary>
    public async Task<IResult> HomeAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (chrome, refusal) = await guard.ForGetAsync(request, AnyRole);
        if (refusal is not null)
        {
            return refusal;
        }

        var list = (await campaigns.ListAsync(cancellationToken)).OrderByDescending(c => c.OpensAt).ToList();
        return await pages.PageAsync<StaffHome>(StatusCodes.Status200OK, new Dictionary<string, object?> { ["Chrome"] = chrome, ["Campaigns"] = list });
    }

    private Task<IResult> RenderSignInAsync(int status, string back, string? chosen, IReadOnlyDictionary<string, string> errors)
    {
        var usable = string.IsNullOrEmpty(ami.CurrentValue.StaffKey) ? [] : sessions.Options.Accounts;
        return pages.PageAsync<SignIn>(status, new Dictionary<string, object?>
        {
            ["Accounts"] = (IReadOnlyList<LocalStaffAccount>)usable,
            ["FormToken"] = sessions.FormToken(SignInForm),
            ["Return"] = back,
            ["Chosen"] = chosen,
            ["Errors"] = errors,
        });
    }

    /// <summary>Both sides hashed first, then compared in constant time (not even the length leaks); no key configured = no sign-in.</summary>
    private static bool KeyMatches(string presented, string? configured) =>
        !string.IsNullOrEmpty(configured)
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(configured)));
}
