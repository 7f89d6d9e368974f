using System.Text.Json;
using Ami.Domain.Campaigns;
using Ami.Domain.Eligibility;
using Ami.Domain.Json;
using Ami.Domain.Validation;

namespace Ami.Domain.Dossiers;

/// <summary>
/// The <c>dossier</c> part of a submission (JSON of docs/api.md) read without stopping at the first
/// problem, so that a 400 answer lists every problem: values of the wrong type (<c>"amount": "abc"</c>),
/// unknown enum values (<c>"type": "foundation"</c>), malformed dates, then the eligibility rules.
/// Unknown members are ignored (clients may send more than we read).
/// </summary>
public static class DossierJson
{
    /// <summary>
    /// Reads the dossier. <c>Dossier</c> is what could be read (values in error are dropped; null only when
    /// the text is not a JSON object); <c>Errors</c> lists the shape problems only.
    /// </summary>
    public static (DossierSubmission? Dossier, IReadOnlyList<FieldError> Errors) Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var errors = new List<FieldError>();
        var dossier = TolerantJson.Read<DossierSubmission>(json, errors, reportUnknownMembers: false);
        return (dossier, errors);
    }

    /// <summary>
    /// Reads the dossier and checks it with <see cref="EligibilityRules.Check"/>: every problem of both
    /// kinds, without repeating a shape problem as a missing field. Keep the dossier only when
    /// <c>Errors</c> is empty.
    /// </summary>
    public static (DossierSubmission? Dossier, IReadOnlyList<FieldError> Errors) ParseAndCheck(string json, Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var (dossier, shapeErrors) = Parse(json);
        if (dossier is null)
        {
            return (null, shapeErrors);
        }

        var errors = new List<FieldError>(shapeErrors);
        errors.AddRange(EligibilityRules.Check(dossier, campaign).Where(e => !shapeErrors.Any(s => Covers(s.Field, e.Field))));
        return (dossier, errors);
    }

    public static string Serialize(DossierSubmission dossier) => JsonSerializer.Serialize(dossier, AmiJson.Options);

    private static bool Covers(string unreadable, string field) =>
        field == unreadable
        || (field.StartsWith(unreadable, StringComparison.Ordinal) && field.Length > unreadable.Length && field[unreadable.Length] is '.' or '[');
}
