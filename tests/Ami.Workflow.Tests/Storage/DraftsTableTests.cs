using Ami.Workflow.Ports;
using Ami.Workflow.Storage;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Ami.Workflow.Tests.Storage;

/// <summary>The drafts on Azurite: what was typed comes back whole, a filed draft is never overwritten, long text is refused whole.</summary>
[Collection(Intake.IntakeCollection.Name)]
public sealed class DraftsTableTests(Intake.IntakeApp azurite)
{
    private static readonly DateTimeOffset T0 = new(2015, 5, 1, 9, 0, 0, TimeSpan.Zero);

    private TableDraftStore Drafts() => new(new AmiStorage(
        new BlobServiceClient(azurite.ConnectionString),
        new TableServiceClient(azurite.ConnectionString),
        TableNames.All.Select(n => new StorageTable(n))));

    [Fact]
    public async Task Save_ThenSaveAgain_KeepsTheFirstSaveInstant_AndTheLastValues_UntilFiled()
    {
        var campaign = "c-" + DossierIds.RandomToken(8);
        var values = new Dictionary<string, string> { ["holder.name"] = "Association « Les Jardins »", ["action.summary"] = new string('é', 20_000) };
        Assert.True(await Drafts().SaveAsync(new Draft(campaign, "d1", "a@asso.example", values, T0, T0), CancellationToken.None));
        values["holder.name"] = "Association Les Jardins Partagés";
        Assert.True(await Drafts().SaveAsync(new Draft(campaign, "d1", "b@asso.example", values, T0.AddDays(2), T0.AddDays(2)), CancellationToken.None));
        Assert.True(await Drafts().SaveAsync(new Draft(campaign, "d2", "c@asso.example", values, T0, T0), CancellationToken.None));

        var kept = (await Drafts().GetAsync(campaign, "d1", CancellationToken.None))!;
        Assert.Equal(T0, kept.SavedAt);
        Assert.Equal(T0.AddDays(2), kept.UpdatedAt);
        Assert.Equal("b@asso.example", kept.ContactEmail);
        Assert.Equal(values, kept.Values);
        Assert.Equal(["d1", "d2"], (await Drafts().ListUnfinishedAsync(campaign, CancellationToken.None)).Select(d => d.DraftId).Order());

        await Drafts().MarkFiledAsync(campaign, "d1", "AMI-0001", CancellationToken.None);
        Assert.False(await Drafts().SaveAsync(kept with { Values = new Dictionary<string, string>() }, CancellationToken.None));
        Assert.Equal("AMI-0001", (await Drafts().GetAsync(campaign, "d1", CancellationToken.None))!.FiledReference);
        Assert.Equal(values, (await Drafts().GetAsync(campaign, "d1", CancellationToken.None))!.Values);
        Assert.Equal(["d2"], (await Drafts().ListUnfinishedAsync(campaign, CancellationToken.None)).Select(d => d.DraftId));
        Assert.Equal(new DraftCount(1, 1), await Drafts().CountAsync(campaign, CancellationToken.None));
    }

    [Fact]
    public async Task Save_MoreThanADraftKeeps_IsRefusedWhole()
    {
        var campaign = "c-" + DossierIds.RandomToken(8);
        var random = new Random(14);
        var noise = new string([.. Enumerable.Range(0, 200_000).Select(_ => (char)random.Next(0x21, 0x7e))]);

        await Assert.ThrowsAsync<DraftTooLargeException>(() =>
            Drafts().SaveAsync(new Draft(campaign, "big", "a@asso.example", new Dictionary<string, string> { ["action.summary"] = noise }, T0, T0), CancellationToken.None));
        Assert.Null(await Drafts().GetAsync(campaign, "big", CancellationToken.None));
    }
}
