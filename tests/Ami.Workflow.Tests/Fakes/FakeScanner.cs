using System.Collections.Concurrent;
using Ami.Domain.Scanning;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Tests.Fakes;

/// <summary>An antivirus that answers what the test says per file name (safe unless told), and records what it scanned.</summary>
public sealed class FakeScanner : IAttachmentScanner
{
    private readonly ConcurrentDictionary<string, ScanVerdict> _verdicts = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Scanned { get; } = new();

    /// <summary>What the scanner will answer for files named <paramref name="name"/>.</summary>
    public void Answer(string name, ScanVerdict verdict) => _verdicts[name] = verdict;

    public Task<ScanVerdict> ScanAsync(AttachmentInfo attachment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        Scanned.Enqueue(attachment.BlobName);
        return Task.FromResult(_verdicts.GetValueOrDefault(attachment.Name, new ScanVerdict(ScanState.Safe)));
    }
}
