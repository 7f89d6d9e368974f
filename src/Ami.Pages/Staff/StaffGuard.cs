using Ami.Pages.Components.Staff;
using Ami.Workflow.Staff;
using Microsoft.AspNetCore.Http;

namespace Ami.Pages.Staff;

/// <summary>The signed-in person of a staff page and what they see around it (their name, the sign-out form's token).</summary>
public sealed record StaffChrome(StaffPrincipal Person, string FormToken);

/// <summary>
/// The door of every staff page. A GET needs a signed-in person (else the sign-in page, then back) with one of the
/// page's roles (else a French 403 page). A POST also needs the same-origin check and the anti-forgery token of the
/// form (<see cref="StaffSessions.FormField"/>, made for that person), else 403 and nothing done.
/// </summary>
public sealed class StaffGuard(StaffSessions sessions, PageRenderer pages)
{
    public async Task<(StaffChrome? Chrome, IResult? Refusal)> ForGetAsync(HttpRequest request, params StaffRole[] roles)
    {
        ArgumentNullException.ThrowIfNull(request);
        var person = sessions.Authenticate(request);
        if (person is null)
        {
            return (null, new SeeOther(SignInUrl(request.Path + request.QueryString)));
        }

        var chrome = new StaffChrome(person, sessions.FormToken(person));
        return person.HasAny(roles) ? (chrome, null) : (null, await ForbiddenAsync(chrome, roles));
    }

    public async Task<(StaffChrome? Chrome, IFormCollection? Form, IResult? Refusal)> ForPostAsync(HttpRequest request, CancellationToken cancellationToken, params StaffRole[] roles)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!HolderPages.SameOrigin(request))
        {
            return (null, null, await MessageAsync(null, StatusCodes.Status403Forbidden, "Demande refusée", ["Ce formulaire doit être envoyé depuis les pages de gestion de ce site."]));
        }

        var person = sessions.Authenticate(request);
        if (person is null)
        {
            return (null, null, await MessageAsync(null, StatusCodes.Status401Unauthorized, "Connexion requise",
                ["Votre session a pris fin : connectez-vous à nouveau, puis refaites l'opération. Rien n'a été enregistré."], SignInUrl(StaffPageRoutes.HomePath), "Se connecter"));
        }

        var chrome = new StaffChrome(person, sessions.FormToken(person));
        if (!person.HasAny(roles))
        {
            return (null, null, await ForbiddenAsync(chrome, roles));
        }

        var form = await HolderPages.ReadFormAsync(request, cancellationToken);
        if (!sessions.IsFormToken(form?[StaffSessions.FormField].ToString(), person))
        {
            return (null, null, await MessageAsync(chrome, StatusCodes.Status403Forbidden, "Formulaire refusé",
                ["Ce formulaire a expiré ou ne vient pas de votre page : rien n'a été enregistré.", "Rechargez la page, puis recommencez."], StaffPageRoutes.HomePath, "Retour à l'accueil de la gestion"));
        }

        return (chrome, form, null);
    }

    public Task<IResult> MessageAsync(StaffChrome? chrome, int status, string title, IReadOnlyList<string> lines, string? backHref = null, string backText = "Retour")
        => pages.PageAsync<StaffMessage>(status, new Dictionary<string, object?>
        {
            ["Chrome"] = chrome,
            ["Title"] = title,
            ["Lines"] = lines,
            ["BackHref"] = backHref,
            ["BackText"] = backText,
        });

    /// <summary>The sign-in page (locally) or the platform's Entra ID sign-in (in Azure), coming back to <paramref name="returnPath"/>.</summary>
    public string SignInUrl(string returnPath)
    {
        var back = StaffPageRoutes.SafeReturn(returnPath);
        return sessions.Options.PlatformAuthentication
            ? "/.auth/login/aad?post_login_redirect_uri=" + Uri.EscapeDataString(back)
            : StaffPageRoutes.SignInPath + "?retour=" + Uri.EscapeDataString(back);
    }

    private Task<IResult> ForbiddenAsync(StaffChrome chrome, StaffRole[] roles) =>
        MessageAsync(chrome, StatusCodes.Status403Forbidden, "Accès refusé",
            [$"Cette page est réservée aux rôles : {string.Join(", ", roles.Select(StaffRoles.French))}.",
             "Vos rôles : " + string.Join(", ", chrome.Person.Roles.Select(StaffRoles.French)) + ". Demandez le rôle nécessaire à l'administration de l'appel."],
            StaffPageRoutes.HomePath, "Retour à l'accueil de la gestion");
}

/// <summary>303 See Other: after a POST, or to the sign-in page (the browser GETs the new address).</summary>
public sealed class SeeOther(string location) : IResult
{
    public string Location { get; } = location;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
        httpContext.Response.Headers.Location = Location;
        httpContext.Response.Headers.CacheControl = "no-store";
        return Task.CompletedTask;
    }
}
