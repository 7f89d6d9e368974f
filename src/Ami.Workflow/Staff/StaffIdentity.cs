namespace Ami.Workflow.Staff;

/// <summary>
/// The Region's staff roles: in Azure, the Entra ID app roles (their values, as the platform puts them in the
/// principal's <c>roles</c> claims); locally, the roles of an account of <see cref="StaffAuthOptions.Accounts"/>.
/// </summary>
public enum StaffRole
{
    /// <summary><c>instruction</c>: the services that check eligibility, hold auditions and validate bilans.</summary>
    Instruction,

    /// <summary><c>jury-president</c>.</summary>
    JuryPresident,

    /// <summary><c>cp-secretariat</c>: the Commission permanente's secretariat.</summary>
    CpSecretariat,

    /// <summary><c>finance</c>: payments.</summary>
    Finance,

    /// <summary><c>admin</c>: every right, and the campaigns (deadline, people).</summary>
    Admin,
}

/// <summary>The roles' values (app roles in Entra ID, roles of the local accounts) and their French names.</summary>
public static class StaffRoles
{
    private static readonly Dictionary<string, StaffRole> ByValue = new(StringComparer.OrdinalIgnoreCase)
    {
        ["instruction"] = StaffRole.Instruction,
        ["jury-president"] = StaffRole.JuryPresident,
        ["cp-secretariat"] = StaffRole.CpSecretariat,
        ["finance"] = StaffRole.Finance,
        ["admin"] = StaffRole.Admin,
    };

    public static IEnumerable<string> Values => ByValue.Keys;

    public static bool TryParse(string? value, out StaffRole role) => ByValue.TryGetValue(value?.Trim() ?? "", out role);

    public static string Value(StaffRole role) => ByValue.First(p => p.Value == role).Key;

    public static string French(StaffRole role) => role switch
    {
        StaffRole.Instruction => "instruction",
        StaffRole.JuryPresident => "présidence du jury",
        StaffRole.CpSecretariat => "secrétariat de la Commission permanente",
        StaffRole.Finance => "finances",
        _ => "administration",
    };
}

/// <summary>Where a staff identity comes from.</summary>
public enum StaffSource
{
    /// <summary>App Service Authentication (Entra ID): the <c>X-MS-CLIENT-PRINCIPAL</c> header.</summary>
    Platform,

    /// <summary>The local sign-in page's signed cookie.</summary>
    LocalSession,
}

/// <summary>
/// A signed-in member of the Region's staff: who (a stable id, a name, an address) and with which roles. The one
/// identity model of both hosts; every decision taken from a page records <see cref="Actor"/>.
/// </summary>
/// <param name="Id">Stable id: the Entra object id (<c>oid</c>) in Azure, the account id locally.</param>
public sealed record StaffPrincipal(string Id, string Name, string Email, IReadOnlySet<StaffRole> Roles, StaffSource Source)
{
    /// <summary>Admin holds every right.</summary>
    public bool Has(StaffRole role) => Roles.Contains(role) || Roles.Contains(StaffRole.Admin);

    /// <summary>True when the person holds at least one of <paramref name="roles"/>.</summary>
    public bool HasAny(params StaffRole[] roles) => roles.Any(Has);

    /// <summary>
    /// The actor recorded by a decision and its timeline line: <c>staff:{id}</c>, an id only (the journey's history and
    /// the timeline hold ids, never a name or an address); <see cref="StaffDirectory"/> keeps who it is for the staff pages.
    /// </summary>
    public string Actor => StaffDirectory.Prefix + Id;

    /// <summary>How the pages name the person: "Name (address)".</summary>
    public string Display => string.IsNullOrWhiteSpace(Email) ? Name : $"{Name} ({Email})";
}

/// <summary>What a holder sees of who acted: the roles' ids as they are, a staff member's name never.</summary>
public static class StaffActors
{
    /// <summary>
    /// <c>holder</c>, <c>system</c>, <c>president</c>, <c>cp</c>, <c>staff-N</c> and <c>juror-N</c> unchanged; a person recorded
    /// by a staff page (<see cref="StaffPrincipal.Actor"/>, <c>staff:{id}</c>) becomes <c>staff</c>: the holder never sees who.
    /// </summary>
    public static string? ForHolder(string? actor) => actor switch
    {
        null or "" or "holder" or "system" or "president" or "cp" or "staff" => actor,
        _ when Actions.ActionKeys.Recipient(actor) is { Role: Ports.RecipientRole.Staff or Ports.RecipientRole.Juror } => actor,
        _ => "staff",
    };
}
