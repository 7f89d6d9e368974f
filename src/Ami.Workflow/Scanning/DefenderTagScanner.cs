using Ami.Domain.Scanning;
using Ami.Workflow.Ports;
using Ami.Workflow.Storage;
using Azure;

namespace Ami.Workflow.Scanning;

/// <summary>
/// Microsoft Defender for Storage's malware scanning (enabled on the account in <c>infra/</c>) scans each blob on
/// upload and writes its result to the blob index tag <see cref="ResultTag"/>; the same values come in its Event
/// Grid event (<c>data.scanResultType</c>). Documented values (Microsoft Learn, "Understand malware scanning
/// results"): success states <c>No threats found</c>, <c>Malicious</c>, <c>Not scanned</c> (unsupported type or
/// encrypted), and error states written as <c>SAM2592xx: Scan failed - …</c>; no tag = not scanned yet.
/// </summary>
public static class DefenderScanResults
{
    public const string ResultTag = "Malware Scanning scan result";
    public const string NoThreatsFound = "No threats found";
    public const string Malicious = "Malicious";
    public const string NotScanned = "Not scanned";

    /// <summary>The state of a file from Defender's result (null or empty: no result yet).</summary>
    public static ScanState ToState(string? result)
    {
        var value = result?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return ScanState.Pending;
        }

        if (value.Equals(NoThreatsFound, StringComparison.OrdinalIgnoreCase))
        {
            return ScanState.Safe;
        }

        return value.Equals(Malicious, StringComparison.OrdinalIgnoreCase) ? ScanState.Infected : ScanState.Failed;
    }

    /// <summary>The result among a blob's index tags (the key's case varies in Microsoft's own pages).</summary>
    public static string? FromTags(IReadOnlyDictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        return tags.FirstOrDefault(t => string.Equals(t.Key, ResultTag, StringComparison.OrdinalIgnoreCase)).Value;
    }
}

/// <summary>Reads Defender's result tag on the file's blob (the app's identity needs the "Storage Blob Data Owner" role to read tags).</summary>
public sealed class DefenderTagScanner(AmiStorage storage) : IAttachmentScanner
{
    public async Task<ScanVerdict> ScanAsync(AttachmentInfo attachment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        try
        {
            var tags = await storage.Dossiers.GetBlobClient(attachment.BlobName).GetTagsAsync(cancellationToken: cancellationToken);
            var result = DefenderScanResults.FromTags(tags.Value.Tags.AsReadOnly());
            var state = DefenderScanResults.ToState(result);
            return new ScanVerdict(state, state is ScanState.Infected or ScanState.Failed ? result : null);
        }
        catch (RequestFailedException)
        {
            return ScanVerdict.NoAnswer;
        }
    }
}
