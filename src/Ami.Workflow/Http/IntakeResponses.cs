using System.Diagnostics;
using Ami.Workflow.Intake;
using Ami.Workflow.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Ami.Workflow.Http;

/// <summary>
/// Between HTTP and the intake (<see cref="DossierIntake"/>): a request becomes an <see cref="IntakeUpload"/>, and an
/// <see cref="IntakeResult"/> becomes the API's response (status, JSON or problem+json with its <c>code</c> and
/// <c>errors</c>, headers), the same in both hosts.
/// </summary>
public static class IntakeResponses
{
    /// <summary>The upload of <paramref name="request"/>: its body (the host's size refusal read as <see cref="UploadTooLargeException"/>), content type, Idempotency-Key.</summary>
    public static IntakeUpload UploadOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new IntakeUpload(
            new HostBodyStream(request.Body),
            request.ContentType,
            request.Headers.TryGetValue(IdempotencyKeys.Header, out var values) ? [.. values.Select(v => v ?? "")] : null,
            bytes => AllowBody(request, bytes),
            request.HttpContext.RequestAborted);
    }

    public static IResult ToResponse(IntakeResult result) => result switch
    {
        IntakeResult.Filed filed => new ApiJsonResult(filed.Response, StatusCodes.Status201Created, new Dictionary<string, string> { ["Location"] = DossierLocation(filed.Response.DossierId) }),
        IntakeResult.Replaced replaced => new ApiJsonResult(replaced.Response, StatusCodes.Status200OK),
        IntakeResult.Replayed replayed => new ApiJsonResult(
            replayed.Body,
            replayed.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK,
            replayed.Created
                ? new Dictionary<string, string> { ["Idempotent-Replayed"] = "true", ["Location"] = DossierLocation(replayed.DossierId) }
                : new Dictionary<string, string> { ["Idempotent-Replayed"] = "true" }),
        IntakeResult.CampaignNotFound => Problems.CampaignNotFound(),
        IntakeResult.DossierNotFound => Problems.DossierNotFound(),
        IntakeResult.NotMultipart => Problems.NotMultipart(),
        IntakeResult.IdempotencyKeyInvalid => Problems.IdempotencyKeyInvalid(),
        IntakeResult.IdempotencyKeyReused => Problems.IdempotencyKeyReused(),
        IntakeResult.RequestInProgress => Problems.RequestInProgress(),
        IntakeResult.CampaignNotOpen notOpen => Problems.CampaignNotOpen(notOpen.OpensAt),
        IntakeResult.DeadlinePassed late => Problems.DeadlinePassed(late.LastAccepted),
        IntakeResult.NotWaiting => Problems.NotWaiting(),
        IntakeResult.TooLarge tooLarge => Problems.TooLarge(tooLarge.LimitCode, tooLarge.Detail, tooLarge.Field),
        IntakeResult.MalformedUpload => Problems.MalformedUpload(),
        IntakeResult.UnsupportedFileType unsupported => Problems.UnsupportedFileType(unsupported.Errors),
        IntakeResult.Invalid invalid => Problems.Validation(invalid.Errors),
        IntakeResult.Unavailable => Problems.Unavailable(),
        _ => throw new UnreachableException($"Intake result {result?.GetType().Name} has no response."),
    };

    /// <summary>Where a dossier is read (<c>GET /api/dossiers/{dossierId}</c>).</summary>
    internal static string DossierLocation(string dossierId) => "/api/dossiers/" + Uri.EscapeDataString(dossierId);

    /// <summary>Lets the request body reach <paramref name="bytes"/> (the server default is 30 MB), when the host allows it still.</summary>
    private static void AllowBody(HttpRequest request, long bytes)
    {
        var feature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = bytes;
        }
    }

    /// <summary>
    /// The request body, read as the intake expects: the host's refusal of a body past its limit (413) is an
    /// <see cref="UploadTooLargeException"/>, any other of its refusals an <see cref="IOException"/> (a malformed upload).
    /// </summary>
    private sealed class HostBodyStream(Stream inner) : Stream
    {
        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            try
            {
                return inner.Read(buffer, offset, count);
            }
            catch (BadHttpRequestException e)
            {
                throw Translate(e);
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await inner.ReadAsync(buffer, cancellationToken);
            }
            catch (BadHttpRequestException e)
            {
                throw Translate(e);
            }
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private static IOException Translate(BadHttpRequestException e) =>
            e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? new UploadTooLargeException("The request body is larger than the host allows.", e)
                : new IOException("The host could not read the request body.", e);
    }
}
