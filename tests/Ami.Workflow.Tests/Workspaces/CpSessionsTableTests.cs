using Ami.Domain.Money;
using Ami.Workflow.Storage;
using Ami.Workflow.Workspaces;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Ami.Workflow.Tests.Workspaces;

/// <summary>The CP sessions on Azurite: a session opened once, written under its ETag, a dossier claimed by one session, many decisions kept whole.</summary>
[Collection(Intake.IntakeCollection.Name)]
public sealed class CpSessionsTableTests(Intake.IntakeApp azurite)
{
    private static readonly DateTimeOffset T0 = new(2015, 11, 20, 9, 0, 0, TimeSpan.Zero);

    private TableCpSessionStore Sessions() => new(new AmiStorage(
        new BlobServiceClient(azurite.ConnectionString),
        new TableServiceClient(azurite.ConnectionString),
        [new StorageTable(TableCpSessionStore.TableName)]));

    [Fact]
    public async Task Open_Twice_IsOneSession_AndAStaleWriteIsRefused()
    {
        var campaign = "c-" + DossierIds.RandomToken(8);
        var session = new CpSession { CampaignId = campaign, SessionId = "20151120-0123abcd", Date = new DateOnly(2015, 11, 20), OpenedAt = T0 };
        var first = await Sessions().OpenAsync(session, CancellationToken.None);
        var second = await Sessions().OpenAsync(session with { OpenedAt = T0.AddHours(1) }, CancellationToken.None);

        Assert.Equal(T0, second.OpenedAt);
        Assert.Single(await Sessions().ListAsync(campaign, CancellationToken.None));
        Assert.True(await Sessions().TryUpdateAsync(first with { State = CpSessionState.Submitting }, CancellationToken.None));
        Assert.False(await Sessions().TryUpdateAsync(first with { State = CpSessionState.Submitted }, CancellationToken.None));
        Assert.Equal(CpSessionState.Submitting, (await Sessions().GetAsync(campaign, session.SessionId, CancellationToken.None))!.State);
        Assert.Null(await Sessions().GetAsync(campaign, "../autre", CancellationToken.None));
    }

    [Fact]
    public async Task Claim_ADossier_IsHeldByTheFirstSession()
    {
        var campaign = "c-" + DossierIds.RandomToken(8);

        Assert.Equal("20151120-0123abcd", await Sessions().ClaimAsync(campaign, "d.1", "20151120-0123abcd", CancellationToken.None));
        Assert.Equal("20151120-0123abcd", await Sessions().ClaimAsync(campaign, "d.1", "20151127-89abcdef", CancellationToken.None));
        Assert.Equal("20151120-0123abcd", await Sessions().ClaimAsync(campaign, "d.1", "20151120-0123abcd", CancellationToken.None));
    }

    [Fact]
    public async Task Decisions_OfALargeSession_AreKeptWhole()
    {
        var campaign = "c-" + DossierIds.RandomToken(8);
        var random = new Random(15);
        var decisions = Enumerable.Range(0, 600).Select(i => new CpSessionDecision(
            "d." + i, "AMI-" + i, "Association n° " + i, "Action " + i, Euros.FromDecimal(30000), "favourable", Euros.FromDecimal(28333.33m),
            i % 2 == 0 ? "granted" : "refused", i % 2 == 0 ? Euros.FromDecimal(20000 + i) : null,
            new string([.. Enumerable.Range(0, 400).Select(_ => (char)random.Next(0x21, 0x7e))]), "recorded")).ToList();
        var opened = await Sessions().OpenAsync(new CpSession { CampaignId = campaign, SessionId = "20151120-0123abcd", Date = new DateOnly(2015, 11, 20), OpenedAt = T0 }, CancellationToken.None);

        Assert.True(await Sessions().TryUpdateAsync(opened with { State = CpSessionState.Submitted, Decisions = decisions, SubmittedAt = T0 }, CancellationToken.None));

        Assert.Equal(decisions, (await Sessions().GetAsync(campaign, opened.SessionId, CancellationToken.None))!.Decisions);
    }
}
