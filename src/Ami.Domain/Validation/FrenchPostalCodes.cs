namespace Ami.Domain.Validation;

/// <summary>
/// The department of a French postal code (five digits). The first two digits are the department for
/// metropolitan France, except:
/// <list type="bullet">
/// <item>Corsica (<c>20xxx</c>): <c>200xx</c>–<c>201xx</c> are Corse-du-Sud (<c>2A</c>), <c>202xx</c>–<c>206xx</c>
/// Haute-Corse (<c>2B</c>); there is no department "20".</item>
/// <item>Overseas (<c>97xxx</c>, <c>98xxx</c>): three digits (<c>97100</c> is Guadeloupe, <c>971</c>;
/// <c>97400</c> La Réunion, <c>974</c>), with Saint-Barthélemy (<c>97133</c> → <c>977</c>) and
/// Saint-Martin (<c>97150</c> → <c>978</c>), which use Guadeloupe's range but are separate collectivities;
/// <c>984</c>, <c>986</c>, <c>987</c>, <c>988</c> for the Pacific and southern territories.</item>
/// <item><c>980xx</c> is Monaco, served by La Poste but not in France: <see cref="Monaco"/>.</item>
/// </list>
/// A handful of border communes are served by a post office of the neighbouring department and so carry
/// its code; staff can still overrule eligibility when validating such a dossier.
/// </summary>
public static class FrenchPostalCodes
{
    /// <summary>Returned by <see cref="DepartmentOf"/> for <c>980xx</c>: never an eligible department.</summary>
    public const string Monaco = "MC";

    /// <summary>
    /// The department code (<c>33</c>, <c>2A</c>, <c>971</c>…) of a five-digit postal code, or null when
    /// the text is not a postal code in use in France (<c>00xxx</c>, <c>96xxx</c>, <c>99xxx</c>, letters,
    /// not five digits). Surrounding spaces are ignored.
    /// </summary>
    public static string? DepartmentOf(string? postalCode)
    {
        var code = postalCode?.Trim();
        if (code is null || code.Length != 5 || !code.All(char.IsAsciiDigit))
        {
            return null;
        }

        var two = ((code[0] - '0') * 10) + (code[1] - '0');
        var three = (two * 10) + (code[2] - '0');
        return two switch
        {
            0 or 96 or 99 => null,
            20 => three switch
            {
                200 or 201 => "2A",
                >= 202 and <= 206 => "2B",
                _ => null,
            },
            97 => code switch
            {
                "97133" => "977",
                "97150" => "978",
                _ when three is >= 971 and <= 976 => code[..3],
                _ => null,
            },
            98 => three switch
            {
                980 => Monaco,
                984 or 986 or 987 or 988 => code[..3],
                _ => null,
            },
            _ => code[..2],
        };
    }

    /// <summary>True for a department code that <see cref="DepartmentOf"/> can return (Monaco excluded).</summary>
    public static bool IsDepartmentCode(string? department) => department switch
    {
        null => false,
        "2A" or "2B" => true,
        { Length: 2 } when department.All(char.IsAsciiDigit) => department is not ("00" or "20" or "96" or "97" or "98" or "99"),
        { Length: 3 } => department is "971" or "972" or "973" or "974" or "975" or "976" or "977" or "978" or "984" or "986" or "987" or "988",
        _ => false,
    };
}
