using Ami.Domain.Scanning;
using Ami.Workflow.Ports;

namespace Ami.Bench.WholeCall;

/// <summary>
/// The antivirus of the bench: every file is safe at once, without reading it. In Azure, Defender for Storage scans
/// outside the app and the app reads its verdict from the blob's index tags (one blob request per file, not counted
/// here); locally clamd would add its own CPU. The scan's orchestration, activity and history still run and are counted.
/// </summary>
internal sealed class SafeScanner : IAttachmentScanner
{
    public Task<ScanVerdict> ScanAsync(AttachmentInfo attachment, CancellationToken cancellationToken) => Task.FromResult(new ScanVerdict(ScanState.Safe));
}
