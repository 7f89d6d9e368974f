using System.Text.Json.Serialization;

namespace Ami.LocalHost.OpenApi;

// The shapes of bodies that the handlers read or write by hand (JsonDocument, anonymous objects): declared
// here for the OpenAPI document only. The example-replay test checks the real answers against them.

/// <summary>Body of <c>POST /api/dossiers/{dossierId}/start</c>.</summary>
/// <param name="StartDate">Day the action starts (AAAA-MM-JJ), not before the CP's decision, at most a year ahead.</param>
public sealed record StartRequest(DateOnly StartDate);

/// <summary>Answer of the holder's moves (start, bilan, withdraw): 202, the journey goes on.</summary>
public sealed record HolderMoveAnswer(
    string DossierId,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? StartDate = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Bilan = null);

/// <summary>
/// Body of <c>POST /api/actions/{token}</c>: the fields a step takes (JSON, or form-encoded with the scores as
/// fields <c>scores.{key}</c>). Which decisions and fields a link allows depends on its step.
/// </summary>
[JsonNumberHandling(JsonNumberHandling.Strict)]
public sealed record ActionDecisionRequest
{
    /// <summary>validation: eligible | ineligible | changes-requested · audition: held | no-show · jury-score: scored | conflict · jury-opinion: favourable | unfavourable · cp-decision: granted | refused · bilan-validation: accepted | changes-requested.</summary>
    public required string Decision { get; init; }

    /// <summary>Required unless eligible (validation), accepted (bilan), scored or granted; the jury's conclusions for the president (sent to the holder).</summary>
    public string? Comment { get; init; }

    /// <summary>validation: invite the holder to an audition after the call closes.</summary>
    public bool? Audition { get; init; }

    /// <summary>validation with audition: when (an instant in the future, with its offset, or Paris time AAAA-MM-JJTHH:MM).</summary>
    public string? AuditionAt { get; init; }

    /// <summary>validation with audition: where (required with an audition).</summary>
    public string? AuditionPlace { get; init; }

    /// <summary>jury-score, decision scored: each of the 12 criteria of Annex 1, 0 to 3.</summary>
    public IReadOnlyDictionary<string, int>? Scores { get; init; }

    /// <summary>jury-opinion: the amount the jury proposes, in euros.</summary>
    public decimal? ProposedAmount { get; init; }

    /// <summary>cp-decision, granted: the grant, in euros (at most the request and the campaign's cap).</summary>
    public decimal? Amount { get; init; }

    /// <summary>cp-decision: the day of the Commission permanente's session.</summary>
    public DateOnly? CpDate { get; init; }
}
