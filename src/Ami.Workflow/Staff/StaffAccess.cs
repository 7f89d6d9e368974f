using System.Security.Cryptography;
using System.Text;
using Ami.Workflow.Configuration;
using Ami.Workflow.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Ami.Workflow.Staff;

/// <summary>
/// The one door of the staff's JSON routes, in both hosts: the staff key for programs (<c>Ami:StaffKey</c>, header
/// <c>x-functions-key</c> or query <c>code</c>), or a member of the staff signed in as themselves with the route's role
/// (<see cref="StaffSessions"/>: the platform's principal in Azure, the local session locally). In Azure these routes are
/// anonymous for the Functions host, so no function key is involved: one staff key and one identity model everywhere.
/// </summary>
public sealed class StaffAccess(StaffSessions sessions, IOptionsMonitor<AmiOptions> options)
{
    /// <summary>The header of the staff key, named as Azure Functions keys are.</summary>
    public const string KeyHeader = "x-functions-key";

    /// <summary>The query parameter of the staff key, named as Azure Functions keys are.</summary>
    public const string KeyQuery = "code";

    /// <summary>
    /// True when the request carries the staff key (<c>Ami:StaffKey</c>), compared in constant time (both sides hashed
    /// first, so not even the length leaks). No key configured = nobody is staff by key.
    /// </summary>
    public static bool HasStaffKey(HttpRequest request, AmiOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.StaffKey))
        {
            return false;
        }

        var presented = request.Headers[KeyHeader].ToString();
        if (string.IsNullOrEmpty(presented))
        {
            presented = request.Query[KeyQuery].ToString();
        }

        return !string.IsNullOrEmpty(presented)
               && CryptographicOperations.FixedTimeEquals(
                   SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
                   SHA256.HashData(Encoding.UTF8.GetBytes(options.StaffKey)));
    }

    /// <summary>True when the request is from a program with the staff key, or from a signed-in person holding one of <paramref name="roles"/> (any role when none is given).</summary>
    public bool Allows(HttpRequest request, params StaffRole[] roles)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (HasStaffKey(request, options.CurrentValue))
        {
            return true;
        }

        var person = sessions.Authenticate(request);
        return person is not null && (roles.Length == 0 || person.HasAny(roles));
    }

    /// <summary>Null when allowed; else 401 <c>staff-key-required</c> (nobody) or 403 <c>staff-role-required</c> (a person without the role).</summary>
    public IResult? Refuse(HttpRequest request, params StaffRole[] roles)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Allows(request, roles))
        {
            return null;
        }

        return sessions.Authenticate(request) is null
            ? Problems.Create(
                StatusCodes.Status401Unauthorized,
                "staff-key-required",
                "Clé d'accès requise",
                "Cette route est réservée aux services de la Région : fournissez la clé dans l'en-tête « x-functions-key » ou le paramètre « code », ou connectez-vous.")
            : Problems.Create(
                StatusCodes.Status403Forbidden,
                "staff-role-required",
                "Rôle requis",
                "Votre compte n'a pas le rôle que demande cette route : " + string.Join(", ", roles.Select(StaffRoles.French)) + ".");
    }
}
