using System.Text.Json.Nodes;
using Ami.Domain.Validation;

namespace Ami.Workflow.Intake;

/// <summary>
/// A multipart upload as the intake reads it, whatever the host: the HTTP handlers (<see cref="Http.DossierHandlers"/>)
/// build it from the request.
/// </summary>
/// <param name="Body">The request body, streamed once. Reading it throws <see cref="UploadTooLargeException"/> past the host's body limit.</param>
/// <param name="ContentType">The request's content type; its boundary delimits the parts.</param>
/// <param name="IdempotencyKey">The values of the <c>Idempotency-Key</c> header; null when it is absent.</param>
/// <param name="AllowBodyBytes">Raises the host's body limit (lower by default) to this many bytes; the reader enforces the campaign's limits.</param>
/// <param name="Aborted">Signalled when the client goes away.</param>
public sealed record IntakeUpload(Stream Body, string? ContentType, IReadOnlyList<string>? IdempotencyKey, Action<long> AllowBodyBytes, CancellationToken Aborted);

/// <summary>The body of an upload went past the limit the host enforces (the campaign's dossier size plus the multipart's overhead).</summary>
public sealed class UploadTooLargeException : IOException
{
    public UploadTooLargeException()
    {
    }

    public UploadTooLargeException(string message)
        : base(message)
    {
    }

    public UploadTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// What became of a filing (<see cref="DossierIntake.SubmitAsync"/>) or a replacement (<see cref="DossierIntake.ReplaceAsync"/>):
/// a closed set, which only the HTTP layer turns into responses.
/// </summary>
public abstract record IntakeResult
{
    private IntakeResult()
    {
    }

    /// <summary>A new dossier filed (its journey runs).</summary>
    public sealed record Filed(SubmissionResponse Response) : IntakeResult;

    /// <summary>The dossier replaced by its holder (the journey has taken the replacement).</summary>
    public sealed record Replaced(SubmissionResponse Response) : IntakeResult;

    /// <summary>
    /// The first answer to the same Idempotency-Key given again: <paramref name="Created"/> for a filing's (else a
    /// replacement's), with <paramref name="Body"/> as first answered, marked replayed (the access token only for the same key and body).
    /// </summary>
    public sealed record Replayed(bool Created, string DossierId, JsonObject Body) : IntakeResult;

    /// <summary>Nothing filed or replaced (what an upload stored is removed first); <see cref="Code"/> is the stable reason.</summary>
    public abstract record Refused(string Code) : IntakeResult;

    public sealed record CampaignNotFound() : Refused("campaign-not-found");

    /// <summary>No such dossier, not yet visible, or not the holder's (never revealing which).</summary>
    public sealed record DossierNotFound() : Refused("dossier-not-found");

    public sealed record NotMultipart() : Refused("multipart-expected");

    public sealed record IdempotencyKeyInvalid() : Refused("idempotency-key-invalid");

    /// <summary>The same Idempotency-Key was used for another body.</summary>
    public sealed record IdempotencyKeyReused() : Refused("idempotency-key-reused");

    /// <summary>Another request with the same Idempotency-Key is under way: to retry in a moment.</summary>
    public sealed record RequestInProgress() : Refused("request-in-progress");

    public sealed record CampaignNotOpen(DateTimeOffset OpensAt) : Refused("campaign-not-open");

    /// <summary>Too late; the attempt was reported to staff.</summary>
    public sealed record DeadlinePassed(DateTimeOffset LastAccepted) : Refused("deadline-passed");

    /// <summary>The dossier does not wait for a replacement.</summary>
    public sealed record NotWaiting() : Refused("not-waiting");

    /// <summary>A limit of the campaign (<see cref="UploadLimit"/>), explained in French; <paramref name="Field"/> names the part, when one.</summary>
    public sealed record TooLarge(string LimitCode, string Detail, string? Field) : Refused(LimitCode);

    /// <summary>The multipart could not be read to its end (truncated, the client gone, malformed).</summary>
    public sealed record MalformedUpload() : Refused("malformed-upload");

    /// <summary>Files whose content is not an accepted type, with any other field errors.</summary>
    public sealed record UnsupportedFileType(IReadOnlyList<FieldError> Errors) : Refused("unsupported-file-type");

    /// <summary>The dossier breaks the campaign's rules: every field error.</summary>
    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : Refused("validation-failed");

    /// <summary>Storage or the engine failed: nothing kept, to retry later.</summary>
    public sealed record Unavailable() : Refused("storage-unavailable");
}
