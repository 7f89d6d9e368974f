using System.Text;
using System.Text.Json;

namespace Ami.Workflow.Staff;

/// <summary>
/// Reads the <c>X-MS-CLIENT-PRINCIPAL</c> header that App Service Authentication (Easy Auth) injects after signing a
/// person in with Entra ID: base64 of <c>{"auth_typ":"aad","name_typ":"…","role_typ":"…","claims":[{"typ":"…","val":"…"}]}</c>.
/// The platform strips any such header a client sends, so it is trusted only when the platform's authentication is
/// declared on (<see cref="StaffAuthOptions.PlatformAuthentication"/>); otherwise the header is ignored.
/// </summary>
public static class ClientPrincipal
{
    public const string HeaderName = "X-MS-CLIENT-PRINCIPAL";

    /// <summary>Larger headers are refused unread (Entra's tokens with many groups stay far below).</summary>
    public const int MaxHeaderLength = 16 * 1024;

    private const string ObjectIdClaim = "http://schemas.microsoft.com/identity/claims/objectidentifier";
    private const string RoleClaim = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";
    private const string NameClaim = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name";
    private const string EmailClaim = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress";

    /// <summary>
    /// The staff member of a header value, or null when it is not a principal (not base64, not JSON, no stable id) or
    /// carries no staff role. Unknown roles are ignored; roles are read from <c>role_typ</c>, <c>roles</c> and the
    /// standard role claim.
    /// </summary>
    public static StaffPrincipal? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header) || header.Length > MaxHeaderLength)
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(header.Trim());
        }
        catch (FormatException)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("claims", out var claims) || claims.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var nameType = Text(root, "name_typ") ?? NameClaim;
            var roleType = Text(root, "role_typ") ?? RoleClaim;
            var values = new List<(string Type, string Value)>();
            foreach (var claim in claims.EnumerateArray())
            {
                if (claim.ValueKind == JsonValueKind.Object && Text(claim, "typ") is { } type && Text(claim, "val") is { } value)
                {
                    values.Add((type, value));
                }
            }

            string? First(params string[] types) =>
                types.Select(t => values.FirstOrDefault(c => string.Equals(c.Type, t, StringComparison.Ordinal)).Value)
                    .FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();

            var id = First(ObjectIdClaim, "oid", "sub");
            var email = First("preferred_username", EmailClaim, "email", "upn", nameType) ?? "";
            var name = First("name", nameType) ?? email;
            var roles = values
                .Where(c => c.Type == roleType || c.Type == "roles" || c.Type == RoleClaim)
                .Select(c => StaffRoles.TryParse(c.Value, out var role) ? role : (StaffRole?)null)
                .OfType<StaffRole>()
                .ToHashSet();
            if (id is null || name.Length == 0 || roles.Count == 0)
            {
                return null;
            }

            return new StaffPrincipal(id, name, email.Contains('@', StringComparison.Ordinal) ? email : "", roles, StaffSource.Platform);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The header value the platform would send for these claims (tests and the local samples).</summary>
    public static string Encode(string authType, IEnumerable<(string Type, string Value)> claims)
    {
        var json = JsonSerializer.Serialize(new
        {
            auth_typ = authType,
            name_typ = NameClaim,
            role_typ = "roles",
            claims = claims.Select(c => new { typ = c.Type, val = c.Value }),
        });
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
