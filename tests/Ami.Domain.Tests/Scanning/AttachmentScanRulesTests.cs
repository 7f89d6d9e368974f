using Ami.Domain.Scanning;

namespace Ami.Domain.Tests.Scanning;

public sealed class AttachmentScanRulesTests
{
    [Theory]
    [InlineData(ScanState.Safe, true)]
    [InlineData(ScanState.Pending, false)]
    [InlineData(ScanState.Infected, false)]
    [InlineData(ScanState.Failed, false)]
    public void OnlyASafeFile_MayBeOpenedByOthers(ScanState state, bool allowed) =>
        Assert.Equal(allowed, AttachmentScanRules.MayBeOpenedByOthers(state));

    [Fact]
    public void TheJury_IsInvitedOnlyWhenEveryFileIsSafe()
    {
        Assert.True(AttachmentScanRules.ReadyForJury([ScanState.Safe, ScanState.Safe]));
        Assert.True(AttachmentScanRules.ReadyForJury([]));
        Assert.False(AttachmentScanRules.ReadyForJury([ScanState.Safe, ScanState.Pending]));
        Assert.False(AttachmentScanRules.ReadyForJury([ScanState.Failed]));
    }

    [Fact]
    public void TheWorstState_MarksTheDossier_InfectedFirst()
    {
        Assert.Equal(ScanState.Infected, AttachmentScanRules.Worst([ScanState.Pending, ScanState.Infected, ScanState.Failed]));
        Assert.Equal(ScanState.Failed, AttachmentScanRules.Worst([ScanState.Safe, ScanState.Failed, ScanState.Pending]));
        Assert.Equal(ScanState.Pending, AttachmentScanRules.Worst([ScanState.Safe, ScanState.Pending]));
        Assert.Equal(ScanState.Safe, AttachmentScanRules.Worst([ScanState.Safe]));
    }

    [Fact]
    public void ARetryWaits_TwiceAsLongEachTime_UpToTheMaximum()
    {
        var first = TimeSpan.FromSeconds(30);
        var max = TimeSpan.FromMinutes(30);
        Assert.Equal(
            [30, 60, 120, 240, 480, 960, 1800, 1800],
            Enumerable.Range(1, 8).Select(a => (int)AttachmentScanRules.RetryDelay(a, first, max).TotalSeconds));
        Assert.Equal(max, AttachmentScanRules.RetryDelay(1000, first, max));
    }
}
