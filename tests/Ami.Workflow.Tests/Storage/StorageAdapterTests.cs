using Ami.Domain.Money;
using Ami.Domain.States;
using Ami.Workflow.Configuration;
using Ami.Workflow.Ports;
using Ami.Workflow.Storage;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ami.Workflow.Tests.Storage;

[Collection(Intake.IntakeCollection.Name)]
public sealed class StorageAdapterTests(Intake.IntakeApp azurite)
{
    private AmiStorage Storage() => new(
        new BlobServiceClient(azurite.ConnectionString),
        new TableServiceClient(azurite.ConnectionString),
        TableNames.All.Select(n => new StorageTable(n)));

    [Fact]
    public async Task Timeline_SameKeyAppendedTwice_IsKeptOnceAndListedInTimeOrder()
    {
        var timeline = new TableTimeline(Storage());
        var dossierId = "c." + DossierIds.RandomToken(20);
        var t0 = new DateTimeOffset(2015, 5, 1, 10, 0, 0, TimeSpan.Zero);

        await timeline.AppendAsync(dossierId, "validation#1/decided", new TimelineEntry(t0.AddHours(2), "validation:eligible", "staff"), CancellationToken.None);
        await timeline.AppendAsync(dossierId, "submitted", new TimelineEntry(t0, "submitted", "holder"), CancellationToken.None);
        // A retried activity, reading the clock again: still one entry.
        await timeline.AppendAsync(dossierId, "validation#1/decided", new TimelineEntry(t0.AddHours(3), "validation:eligible", "staff"), CancellationToken.None);

        var entries = await timeline.ListAsync(dossierId, CancellationToken.None);
        Assert.Equal(["submitted", "validation:eligible"], entries.Select(e => e.Event));
        Assert.Equal(t0.AddHours(2), entries[1].At);
    }

    [Fact]
    public async Task ReferenceCounter_ManyAtOnce_HandsOutEachNumberOnce()
    {
        // Separate counters as separate hosts would have: no shared lock, only If-Match.
        var campaignId = "c-" + DossierIds.RandomToken(8);
        var numbers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => new ReferenceCounter(Storage()).NextAsync(campaignId, CancellationToken.None)));

        Assert.Equal(Enumerable.Range(1, 20), numbers.Order());
        Assert.Equal("AMI-IS-2015-0007", ReferenceCounter.Format("AMI-IS-2015", 7));
    }

    [Fact]
    public async Task ReferenceCounter_OneHostManyAtOnce_HandsOutConsecutiveNumbers()
    {
        // The submissions of one host share its counter (and what it remembers of the row).
        var campaignId = "c-" + DossierIds.RandomToken(8);
        var counter = new ReferenceCounter(Storage());

        var numbers = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => counter.NextAsync(campaignId, CancellationToken.None)));

        Assert.Equal(Enumerable.Range(1, 30), numbers.Order());
    }

    [Fact]
    public async Task ReferenceCounter_TwoHostsTakingTurns_NeitherReusesANumberTheOtherTook()
    {
        // Each host remembers the row as it last wrote it; the other host's writes make that stale.
        var campaignId = "c-" + DossierIds.RandomToken(8);
        var first = new ReferenceCounter(Storage());
        var second = new ReferenceCounter(Storage());

        var numbers = new List<int>();
        foreach (var counter in new[] { first, first, second, first, second, second, first })
        {
            numbers.Add(await counter.NextAsync(campaignId, CancellationToken.None));
        }

        Assert.Equal([1, 2, 3, 4, 5, 6, 7], numbers);
    }

    [Fact]
    public async Task ReferenceCounter_TwoHostsAtOnce_HandOutEachNumberOnce()
    {
        var campaignId = "c-" + DossierIds.RandomToken(8);
        var hosts = new[] { new ReferenceCounter(Storage()), new ReferenceCounter(Storage()) };

        var numbers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => hosts[i % 2].NextAsync(campaignId, CancellationToken.None)));

        Assert.Equal(Enumerable.Range(1, 40), numbers.Order());
    }

    [Fact]
    public async Task DossierStore_ConcurrentUpdates_AreAllApplied()
    {
        var storage = Storage();
        var store = new TableDossierStore(storage);
        var dossierId = "c-upd." + DossierIds.RandomToken(20);
        var row = new DossierEntity { PartitionKey = "c-upd", RowKey = dossierId, Committed = true };
        row.Apply(Record(dossierId, "c-upd"));
        await store.InsertAsync(row, CancellationToken.None);

        // Ten writers each add one euro: with optimistic concurrency none is lost.
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => new TableDossierStore(storage).UpdateAsync(
            dossierId, d => d with { GrantedAmount = (d.GrantedAmount ?? Euros.Zero) + Euros.FromDecimal(1m) }, CancellationToken.None)));

        Assert.Equal(Euros.FromDecimal(10m), (await store.GetAsync(dossierId, CancellationToken.None))!.GrantedAmount);
    }

    [Fact]
    public async Task DossierStore_List_SkipsUncommittedRows()
    {
        var store = new TableDossierStore(Storage());
        var campaignId = "c-list-" + DossierIds.RandomToken(6);
        foreach (var committed in new[] { true, false, true })
        {
            var id = DossierIds.New(campaignId);
            var row = new DossierEntity { PartitionKey = campaignId, RowKey = id, Committed = committed };
            row.Apply(Record(id, campaignId));
            await store.InsertAsync(row, CancellationToken.None);
        }

        var page = await store.ListAsync(campaignId, DossierStatus.Submitted, 10, null, CancellationToken.None);

        Assert.Equal(2, page.Items.Count);
    }

    [Fact]
    public async Task LateSubmissionLog_ListSince_ReturnsTheLaterAttemptsOldestFirst()
    {
        var log = new TableLateSubmissionLog(Storage());
        var campaignId = "c-late-" + DossierIds.RandomToken(6);
        var t0 = new DateTimeOffset(2031, 5, 30, 0, 0, 0, TimeSpan.Zero);
        await log.RecordAsync(new LateSubmission(t0.AddDays(2), campaignId, "B", "b@example.org"), CancellationToken.None);
        await log.RecordAsync(new LateSubmission(t0.AddMinutes(-1), campaignId, "Avant", "x@example.org"), CancellationToken.None);
        await log.RecordAsync(new LateSubmission(t0, campaignId, "A", "a@example.org"), CancellationToken.None);

        var since = (await log.ListSinceAsync(t0, CancellationToken.None)).Where(l => l.CampaignId == campaignId).ToList();

        Assert.Equal(["A", "B"], since.Select(l => l.HolderName));
    }

    [Fact]
    public async Task CampaignStore_ChangedThroughThisHost_IsSeenAtOnce()
    {
        var store = new TableCampaignStore(Storage());
        var campaign = SomeCampaign();
        await store.UpsertAsync(campaign, CancellationToken.None);
        Assert.Equal(campaign.Title, (await store.GetRecentAsync(campaign.Id, CancellationToken.None))!.Title);

        await store.UpsertAsync(campaign with { Title = "Titre changé par les services" }, CancellationToken.None);

        Assert.Equal("Titre changé par les services", (await store.GetRecentAsync(campaign.Id, CancellationToken.None))!.Title);
    }

    [Fact]
    public async Task CampaignStore_ChangedThroughAnotherHost_IsSeenOnceTheReadIsOlderThanTheCacheDuration()
    {
        var mine = new TableCampaignStore(Storage()) { CacheDuration = TimeSpan.FromMilliseconds(300) };
        var other = new TableCampaignStore(Storage());
        var campaign = SomeCampaign();
        Assert.Null(await mine.GetRecentAsync(campaign.Id, CancellationToken.None));
        await other.UpsertAsync(campaign, CancellationToken.None);
        Assert.NotNull(await mine.GetRecentAsync(campaign.Id, CancellationToken.None)); // a missing campaign is never remembered

        await other.UpsertAsync(campaign with { Title = "Titre changé ailleurs" }, CancellationToken.None);
        var soon = (await mine.GetRecentAsync(campaign.Id, CancellationToken.None))!.Title;
        await Task.Delay(400);
        var later = (await mine.GetRecentAsync(campaign.Id, CancellationToken.None))!.Title;

        Assert.Equal(campaign.Title, soon); // read 0 s ago: reused, no request
        Assert.Equal("Titre changé ailleurs", later);
    }

    [Fact]
    public async Task CampaignStore_ChangedThroughAnotherHost_IsSeenAtOnceByWhatDecidesTheJourney()
    {
        var mine = new TableCampaignStore(Storage()) { CacheDuration = TimeSpan.FromMinutes(5) };
        var other = new TableCampaignStore(Storage());
        var campaign = SomeCampaign();
        await other.UpsertAsync(campaign, CancellationToken.None);
        Assert.NotNull(await mine.GetRecentAsync(campaign.Id, CancellationToken.None));

        await other.UpsertAsync(campaign with { Title = "Titre changé ailleurs" }, CancellationToken.None);

        Assert.Equal("Titre changé ailleurs", (await mine.GetAsync(campaign.Id, CancellationToken.None))!.Title);
    }

    private static Ami.Domain.Campaigns.Campaign SomeCampaign() =>
        Mail.MailTestData.Campaign("c-cache-" + DossierIds.RandomToken(8).ToLowerInvariant());

    [Fact]
    public async Task CampaignStore_UpsertAndSeeder_KeepStaffChanges()
    {
        var store = new TableCampaignStore(Storage());
        var folder = Directory.CreateTempSubdirectory();
        try
        {
            File.Copy(Path.Combine(TestFiles.RepositoryRoot, "campaigns", "ami-is-2015.json"), Path.Combine(folder.FullName, "ami-is-2015.json"));
            var seeder = new CampaignSeeder(store, Options.Create(new AmiOptions { CampaignsPath = folder.FullName }), Microsoft.Extensions.Logging.Abstractions.NullLogger<CampaignSeeder>.Instance);
            await seeder.SeedAsync();
            var seeded = (await store.GetAsync("ami-is-2015", CancellationToken.None))!;
            Assert.Equal("AMI-IS-2015", seeded.EffectiveReferencePrefix);

            Assert.False(await store.UpsertAsync(seeded with { Title = "Titre changé par les services" }, CancellationToken.None));
            Assert.Equal(0, await seeder.SeedAsync());

            Assert.Equal("Titre changé par les services", (await store.GetAsync("ami-is-2015", CancellationToken.None))!.Title);
            Assert.Contains(await store.ListAsync(CancellationToken.None), c => c.Id == "ami-is-2015");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void AddAmiStorage_IdentityBasedConnection_UsesTheAccountEndpoints()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage:accountName"] = "amistore",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddAmiStorage(configuration).BuildServiceProvider();

        var storage = services.GetRequiredService<AmiStorage>();

        Assert.Equal(new Uri("https://amistore.blob.core.windows.net/"), storage.Blobs.Uri);
        Assert.Equal(new Uri("https://amistore.table.core.windows.net/"), storage.Tables.Uri);
    }

    private static DossierRecord Record(string dossierId, string campaignId) => new()
    {
        DossierId = dossierId,
        CampaignId = campaignId,
        Reference = "T-0001",
        Status = DossierStatus.Submitted,
        SubmittedAt = DateTimeOffset.UnixEpoch,
        HolderName = "Association",
        ContactEmail = "a@example.org",
        ActionTitle = "Action",
        RequestedAmount = Euros.FromDecimal(1000m),
        AccessTokenHash = "",
    };
}
