using Ami.Workflow.Ports;
using Ami.Workflow.Storage;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Ami.Workflow.Tests.Storage;

/// <summary>The holder-move claims on Azurite, raced from separate adapters as separate instances of the app would.</summary>
[Collection(Intake.IntakeCollection.Name)]
public sealed class HolderMovesTableTests(Intake.IntakeApp azurite)
{
    private static readonly DateTimeOffset T0 = new(2015, 10, 1, 9, 0, 0, TimeSpan.Zero);

    private TableHolderMoves Moves() => new(new AmiStorage(
        new BlobServiceClient(azurite.ConnectionString),
        new TableServiceClient(azurite.ConnectionString),
        TableNames.All.Select(n => new StorageTable(n))));

    [Fact]
    public async Task Claim_EightInstancesAtOnce_ExactlyOneWinsAndEveryoneSeesItsValue()
    {
        var dossierId = "d-" + DossierIds.RandomToken(12);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            Moves().TryClaimAsync(new HolderMove(dossierId, "start", 1, $"2015-10-0{i + 1}", T0), TimeSpan.FromMinutes(2), CancellationToken.None))));

        var winner = Assert.Single(results, r => r.Won);
        Assert.All(results, r => Assert.Equal(winner.Claim.Value, r.Claim.Value));
        Assert.Equal(winner.Claim.Value, (await Moves().GetAsync(dossierId, "start", 1, CancellationToken.None))!.Value);
    }

    [Fact]
    public async Task Claim_Released_CanBeClaimedAgain_ButAStaleReleaseDoesNotDropANewerClaim()
    {
        var dossierId = "d-" + DossierIds.RandomToken(12);
        var first = await Moves().TryClaimAsync(new HolderMove(dossierId, "bilan", 1, "a.pdf", T0), TimeSpan.FromMinutes(2), CancellationToken.None);
        Assert.True(first.Won);

        await Moves().ReleaseAsync(first.Claim, CancellationToken.None);
        var second = await Moves().TryClaimAsync(new HolderMove(dossierId, "bilan", 1, "b.pdf", T0.AddSeconds(1)), TimeSpan.FromMinutes(2), CancellationToken.None);
        Assert.True(second.Won);

        await Moves().ReleaseAsync(first.Claim, CancellationToken.None);
        Assert.Equal("b.pdf", (await Moves().GetAsync(dossierId, "bilan", 1, CancellationToken.None))!.Value);
    }

    [Fact]
    public async Task Claim_StaleAfterTwoMinutes_IsTakenOverByOneOfTwoRequests()
    {
        var dossierId = "d-" + DossierIds.RandomToken(12);
        Assert.True((await Moves().TryClaimAsync(new HolderMove(dossierId, "start", 1, "2015-10-01", T0), TimeSpan.FromMinutes(2), CancellationToken.None)).Won);

        var fresh = await Moves().TryClaimAsync(new HolderMove(dossierId, "start", 1, "2015-10-02", T0.AddSeconds(90)), TimeSpan.FromMinutes(2), CancellationToken.None);
        Assert.False(fresh.Won);
        Assert.Equal("2015-10-01", fresh.Claim.Value);

        var later = await Task.WhenAll(new[] { "2015-10-03", "2015-10-04" }.Select(v =>
            Moves().TryClaimAsync(new HolderMove(dossierId, "start", 1, v, T0.AddMinutes(3)), TimeSpan.FromMinutes(2), CancellationToken.None)));
        var taker = Assert.Single(later, r => r.Won);
        Assert.Equal(taker.Claim.Value, (await Moves().GetAsync(dossierId, "start", 1, CancellationToken.None))!.Value);
    }
}
