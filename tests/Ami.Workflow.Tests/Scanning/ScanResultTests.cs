using Ami.Domain.Scanning;
using Ami.Workflow.Scanning;

namespace Ami.Workflow.Tests.Scanning;

public sealed class ScanResultTests
{
    /// <summary>
    /// Defender for Storage's documented results (Microsoft Learn, "Understand malware scanning results"): the blob
    /// index tag "Malware Scanning scan result" or the Event Grid event's scanResultType.
    /// </summary>
    [Theory]
    [InlineData("No threats found", ScanState.Safe)]
    [InlineData("Malicious", ScanState.Infected)]
    [InlineData("Not scanned", ScanState.Failed)]
    [InlineData("SAM259201: \"Scan failed - internal service error.\"", ScanState.Failed)]
    [InlineData("SAM259203: Scan failed - not supported blob type", ScanState.Failed)]
    [InlineData("", ScanState.Pending)]
    [InlineData(null, ScanState.Pending)]
    public void DefendersResult_MapsToTheAttachmentState(string? result, ScanState expected) =>
        Assert.Equal(expected, DefenderScanResults.ToState(result));

    [Fact]
    public void DefendersResult_IsReadFromItsIndexTag_WhateverTheKeysCase()
    {
        Assert.Equal("Malicious", DefenderScanResults.FromTags(new Dictionary<string, string> { ["Malware Scanning scan result"] = "Malicious", ["Malware Scanning scan time UTC"] = "2026-11-30 22:00:00Z" }));
        Assert.Equal("No threats found", DefenderScanResults.FromTags(new Dictionary<string, string> { ["Malware scanning scan result"] = "No threats found" }));
        Assert.Null(DefenderScanResults.FromTags(new Dictionary<string, string> { ["other"] = "x" }));
    }

    [Theory]
    [InlineData("stream: OK", ScanState.Safe, null)]
    [InlineData("stream: Ami.Test.Eicar.UNOFFICIAL FOUND", ScanState.Infected, "Ami.Test.Eicar.UNOFFICIAL")]
    [InlineData("stream: Heuristics.Limits.Exceeded.MaxFileSize FOUND", ScanState.Failed, "Heuristics.Limits.Exceeded.MaxFileSize")]
    [InlineData("INSTREAM size limit exceeded. ERROR", ScanState.Failed, "INSTREAM size limit exceeded.")]
    public void ClamdsReply_MapsToTheAttachmentState(string reply, ScanState expected, string? threat)
    {
        var verdict = ClamAvScanner.ToVerdict(ClamdReply.Parse(reply + "\0"));
        Assert.Equal(expected, verdict.State);
        Assert.Equal(threat, verdict.Threat);
    }
}
