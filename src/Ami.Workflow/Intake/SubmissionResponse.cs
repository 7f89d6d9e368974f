using System.Text.Json.Serialization;

namespace Ami.Workflow.Intake;

/// <summary>
/// The answer to a submission (201) or a replacement (200). <see cref="AccessToken"/> is given once; an
/// idempotent replay gives it again only to the client that presents the same Idempotency-Key and body
/// (it is kept encrypted under that key). <see cref="Replayed"/> is true on a replay.
/// </summary>
public sealed record SubmissionResponse(
    string DossierId,
    string Reference,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AccessToken,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Replayed = false);
