using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

using Ami.Workflow.Staff;

namespace Ami.Workflow.Configuration;

/// <summary>
/// How staff sign in (section <c>Ami:StaffAuth</c>). In Azure, App Service Authentication with Entra ID signs people
/// in and <see cref="PlatformAuthentication"/> is true (the Bicep sets it with the auth settings): the app then reads the
/// platform's <c>X-MS-CLIENT-PRINCIPAL</c> header and nothing else. Locally, <see cref="Accounts"/> are the named staff
/// accounts of the sign-in page <c>/connexion</c> (which also asks for the local staff key, <c>Ami:StaffKey</c>).
/// </summary>
public sealed partial class StaffAuthOptions : IValidatableObject
{
    public const string Section = "Ami:StaffAuth";

    /// <summary>True when App Service Authentication is on in front of the app: only then is the principal header honoured.</summary>
    public bool PlatformAuthentication { get; set; }

    /// <summary>The local sign-in's accounts (never with <see cref="PlatformAuthentication"/>).</summary>
    public List<LocalStaffAccount> Accounts { get; set; } = [];

    /// <summary>How long a local session (and a page's anti-forgery token) lasts.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "1.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PlatformAuthentication && Accounts.Count > 0)
        {
            yield return new ValidationResult(
                "Ami:StaffAuth:Accounts : pas de comptes locaux quand l'authentification de la plateforme (Entra ID) est active.", [nameof(Accounts)]);
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Accounts.Count; i++)
        {
            var a = Accounts[i];
            var at = $"Ami:StaffAuth:Accounts:{i}";
            if (a.Id is null || !IdPattern().IsMatch(a.Id))
            {
                yield return new ValidationResult($"{at}:Id : 1 à 64 caractères parmi a-z, 0-9, « . », « _ », « - ».", [nameof(Accounts)]);
            }
            else if (!seen.Add(a.Id))
            {
                yield return new ValidationResult($"{at}:Id : « {a.Id} » est déjà pris.", [nameof(Accounts)]);
            }

            if (string.IsNullOrWhiteSpace(a.Name) || a.Name.Length > 100)
            {
                yield return new ValidationResult($"{at}:Name : un nom de 1 à 100 caractères.", [nameof(Accounts)]);
            }

            if (!new EmailAddressAttribute().IsValid(a.Email) || string.IsNullOrWhiteSpace(a.Email))
            {
                yield return new ValidationResult($"{at}:Email : une adresse électronique.", [nameof(Accounts)]);
            }

            if (a.Roles.Count == 0 || a.Roles.Any(r => !StaffRoles.TryParse(r, out _)))
            {
                yield return new ValidationResult($"{at}:Roles : au moins un rôle parmi {string.Join(", ", StaffRoles.Values)}.", [nameof(Accounts)]);
            }
        }
    }

    [GeneratedRegex("^[a-z0-9._-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}

/// <summary>A named staff account of the local sign-in.</summary>
public sealed class LocalStaffAccount
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public string Email { get; set; } = "";

    /// <summary>Role values: <c>instruction</c>, <c>jury-president</c>, <c>cp-secretariat</c>, <c>finance</c>, <c>admin</c>.</summary>
    public List<string> Roles { get; set; } = [];

    public StaffPrincipal ToPrincipal() => new(
        Id, Name, Email,
        Roles.Select(r => StaffRoles.TryParse(r, out var role) ? role : (StaffRole?)null).OfType<StaffRole>().ToHashSet(),
        StaffSource.LocalSession);
}
