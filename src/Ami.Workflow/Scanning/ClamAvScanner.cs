using System.Net.Sockets;
using Ami.Domain.Scanning;
using Ami.Workflow.Configuration;
using Ami.Workflow.Ports;
using Ami.Workflow.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ami.Workflow.Scanning;

/// <summary>
/// Streams the blob of a file to clamd (<see cref="ClamdClient"/>) and reads its verdict: <c>OK</c> = safe, a
/// signature found = infected, except clamd's <c>Heuristics.Limits.Exceeded.*</c> (a file over its limits, raised
/// because the project's configuration sets <c>AlertExceedsMax</c>) and clamd's errors = failed. No connection = no answer.
/// </summary>
public sealed class ClamAvScanner(AmiStorage storage, IOptions<ScanningOptions> options, ILogger<ClamAvScanner> logger) : IAttachmentScanner
{
    private readonly ClamdClient _clamd = new(options.Value.ClamAvHost, options.Value.ClamAvPort);

    public async Task<ScanVerdict> ScanAsync(AttachmentInfo attachment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        ClamdReply reply;
        try
        {
            await using var content = await storage.Dossiers.GetBlobClient(attachment.BlobName).OpenReadAsync(new Azure.Storage.Blobs.Models.BlobOpenReadOptions(allowModifications: false) { BufferSize = ClamdClient.ChunkSize }, cancellationToken);
            reply = await _clamd.ScanAsync(content, cancellationToken);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            logger.LogWarning("clamd at {Host}:{Port} did not answer for attachment {AttachmentId} ({Error})", _clamd.Host, _clamd.Port, attachment.Id, e.GetType().Name);
            return ScanVerdict.NoAnswer;
        }

        return ToVerdict(reply);
    }

    public static ScanVerdict ToVerdict(ClamdReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return reply.Outcome switch
        {
            ClamdOutcome.Clean => new ScanVerdict(ScanState.Safe),
            ClamdOutcome.Found when reply.Detail?.StartsWith("Heuristics.Limits.Exceeded", StringComparison.Ordinal) == true => new ScanVerdict(ScanState.Failed, reply.Detail),
            ClamdOutcome.Found => new ScanVerdict(ScanState.Infected, reply.Detail),
            _ => new ScanVerdict(ScanState.Failed, reply.Detail),
        };
    }
}

/// <summary>No antivirus configured (<see cref="ScanEngine.None"/>): every file stays pending.</summary>
public sealed class NoScanner : IAttachmentScanner
{
    public Task<ScanVerdict> ScanAsync(AttachmentInfo attachment, CancellationToken cancellationToken) => Task.FromResult(ScanVerdict.NoAnswer);
}
