using Ami.Domain.Scanning;

namespace Ami.Workflow.Ports;

/// <summary>A scanner's answer about one file. <see cref="ScanState.Pending"/> means no answer (unreachable, not scanned yet): ask again later.</summary>
/// <param name="Threat">What was found (infected), or why the file could not be scanned (failed).</param>
public sealed record ScanVerdict(ScanState State, string? Threat = null)
{
    public static ScanVerdict NoAnswer { get; } = new(ScanState.Pending);
}

/// <summary>
/// The antivirus that looks at uploaded files before anyone but their holder opens them. Adapters: ClamAV's daemon
/// (local host, tests: <see cref="Scanning.ClamAvScanner"/>) and Microsoft Defender for Storage's result on the blob
/// (Azure: <see cref="Scanning.DefenderTagScanner"/>).
/// </summary>
public interface IAttachmentScanner
{
    /// <summary>Scans (or reads the scan result of) the file; never throws for "no answer", returns <see cref="ScanVerdict.NoAnswer"/>.</summary>
    Task<ScanVerdict> ScanAsync(AttachmentInfo attachment, CancellationToken cancellationToken);
}
