using Ami.Domain.Campaigns;
using Ami.Domain.Money;
using Ami.Domain.States;
using Ami.Testing;
using Ami.Workflow.Actions;
using Ami.Workflow.Activities;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Payments;
using Ami.Workflow.Ports;
using Ami.Workflow.Storage;
using Ami.Workflow.Tests.Fakes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Ami.Workflow.Tests.Actions;

/// <summary>The Table adapters of the journey on a real Azurite: the conditional writes the guarantees rest on.</summary>
public sealed class TableStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset At = new(2015, 6, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ReleaseInstalment_RunTwiceAndConcurrently_OneLedgerRowAndOnePaymentOrder()
    {
        var ledger = new TablePaymentLedger(Storage());
        var dossiers = new FakeDossierStore();
        var campaigns = new FakeCampaignStore();
        var notifier = new FakeNotifier();
        var timeline = new FakeTimeline();
        var id = "d-" + Guid.NewGuid().ToString("N")[..10];
        await campaigns.UpsertAsync(Campaign("c-pay"), CancellationToken.None);
        dossiers.Add(Record(id, "c-pay") with { Status = DossierStatus.Started, GrantedAmount = Euros.FromDecimal(33333.33m) });
        var activity = new ReleaseInstalmentActivity(dossiers, new GrantPlans(campaigns, ledger), ledger, notifier, timeline);
        var request = new InstalmentRequest(id, 1, At, id + ":0007");

        var first = await activity.ExecuteAsync(request, CancellationToken.None);
        var retried = await activity.ExecuteAsync(request with { At = At.AddMinutes(5) }, CancellationToken.None);
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => activity.ExecuteAsync(request, CancellationToken.None)));

        Assert.True(first.Released);
        Assert.False(retried.Released);
        Assert.All(concurrent, c => Assert.False(c.Released));
        var row = Assert.Single(await ledger.ListAsync(id, CancellationToken.None));
        Assert.Equal(Euros.FromDecimal(23333.33m), row.Amount);
        Assert.Equal(At, row.ReleasedAt);
        Assert.Equal(2333333, retried.AmountCents);
        Assert.Equal(6, notifier.Attempts);
        var order = Assert.Single(notifier.Sent);
        Assert.Equal(MailKind.PaymentOrder, order.Kind);
        Assert.Equal(RecipientRole.Finance, order.To.Role);
        Assert.Equal("23333.33", order.Values!["amount"]);
        Assert.Single(timeline.Events(id));

        // Granted before plans were stored: the plan was frozen at the first release, a later split does not apply.
        Assert.Equal([2333333L, 1000000L], dossiers[id].Plan!.Instalments.Select(i => i.Amount.Cents));
        await campaigns.UpsertAsync(Campaign("c-pay") with { InstalmentPercents = [50, 50] }, CancellationToken.None);
        var second = await activity.ExecuteAsync(request with { Number = 2, TimelineKey = id + ":0012" }, CancellationToken.None);
        Assert.Equal(1000000, second.AmountCents);
        Assert.Equal(Euros.FromDecimal(33333.33m), (await ledger.ListAsync(id, CancellationToken.None)).Aggregate(Euros.Zero, (sum, p) => sum + p.Amount));
    }

    [Fact]
    public async Task Actions_IssueTwice_KeepsOneRowAndItsUse()
    {
        var store = new TableActionStore(Storage());
        var id = "d-" + Guid.NewGuid().ToString("N")[..10];
        var grant = new ActionGrant(id, JourneySteps.JuryScore, 1, "juror-2", RecipientRole.Juror, 2, ["scored", "conflict"], At);
        await store.IssueAsync(grant, CancellationToken.None);
        var link = (await store.GetAsync(id, JourneySteps.JuryScore, 1, "juror-2", CancellationToken.None))!;
        var sheet = new StepDecision(id, JourneySteps.JuryScore, 1, "juror-2", "scored", "Bien.", new DecisionDetails { Scores = new Dictionary<string, int> { ["research"] = 3 } }, At);

        Assert.True(await store.TryMarkAsync(link, ActionLinkStatus.Used, sheet, CancellationToken.None));
        await store.IssueAsync(grant with { IssuedAt = At.AddDays(1) }, CancellationToken.None);

        var stored = (await store.GetAsync(id, JourneySteps.JuryScore, 1, "juror-2", CancellationToken.None))!;
        Assert.Equal(ActionLinkStatus.Used, stored.Status);
        Assert.Equal(At, stored.Grant.IssuedAt);
        Assert.Equal(["scored", "conflict"], stored.Grant.Decisions);
        Assert.Equal(3, stored.Decision!.Details.Scores!["research"]);
        Assert.Equal("Bien.", stored.Decision.Comment);
        Assert.Single(await store.ListAsync(id, JourneySteps.JuryScore, 1, CancellationToken.None));
        Assert.Empty(await store.ListAsync(id, JourneySteps.JuryScore, 2, CancellationToken.None));
    }

    [Fact]
    public async Task Actions_SameLinkUsedConcurrently_OnlyOneUpdateWins()
    {
        var store = new TableActionStore(Storage());
        var id = "d-" + Guid.NewGuid().ToString("N")[..10];
        await store.IssueAsync(new ActionGrant(id, JourneySteps.JuryScore, 1, "juror-0", RecipientRole.Juror, 0, ["scored", "conflict"], At), CancellationToken.None);
        var read = (await store.GetAsync(id, JourneySteps.JuryScore, 1, "juror-0", CancellationToken.None))!;

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
            store.TryMarkAsync(read, ActionLinkStatus.Used, new StepDecision(id, JourneySteps.JuryScore, 1, "juror-0", i == 0 ? "conflict" : "scored", null, new DecisionDetails(), At), CancellationToken.None)));

        Assert.Single(results, r => r);
        Assert.False(await store.TryMarkAsync(read, ActionLinkStatus.Cancelled, null, CancellationToken.None));
    }

    [Fact]
    public async Task Actions_StepDecidedTwice_SecondRefusedAndFirstKept()
    {
        var store = new TableActionStore(Storage());
        var id = "d-" + Guid.NewGuid().ToString("N")[..10];
        var grant = new DecisionDetails { Amount = Euros.FromDecimal(25000m), CpDate = new DateOnly(2015, 7, 10) };

        var both = await Task.WhenAll(
            store.TryDecideStepAsync(new StepDecision(id, JourneySteps.CpDecision, 1, "cp", "granted", null, grant, At), CancellationToken.None),
            store.TryDecideStepAsync(new StepDecision(id, JourneySteps.CpDecision, 1, "cp", "refused", "Non.", new DecisionDetails(), At), CancellationToken.None));

        Assert.Single(both, b => b);
        var kept = (await store.GetStepDecisionAsync(id, JourneySteps.CpDecision, 1, CancellationToken.None))!;
        if (kept.Decision == "granted")
        {
            Assert.Equal(Euros.FromDecimal(25000m), kept.Details.Amount);
            Assert.Equal(new DateOnly(2015, 7, 10), kept.Details.CpDate);
        }

        Assert.Null(await store.GetStepDecisionAsync(id, JourneySteps.CpDecision, 2, CancellationToken.None));
    }

    [Fact]
    public async Task Actions_CancelPending_VoidsOnlyPendingLinksOfThatDossier()
    {
        var store = new TableActionStore(Storage());
        var id = "d-" + Guid.NewGuid().ToString("N")[..10];
        var other = "d-" + Guid.NewGuid().ToString("N")[..10];
        foreach (var (dossier, actor) in new[] { (id, "staff-0"), (id, "staff-1"), (other, "staff-0") })
        {
            await store.IssueAsync(new ActionGrant(dossier, JourneySteps.Validation, 1, actor, RecipientRole.Staff, 0, ["eligible"], At), CancellationToken.None);
        }

        var used = (await store.GetAsync(id, JourneySteps.Validation, 1, "staff-1", CancellationToken.None))!;
        await store.TryMarkAsync(used, ActionLinkStatus.Used, null, CancellationToken.None);

        Assert.Equal(1, await store.CancelPendingAsync(id, CancellationToken.None));
        Assert.Equal(ActionLinkStatus.Cancelled, (await store.GetAsync(id, JourneySteps.Validation, 1, "staff-0", CancellationToken.None))!.Status);
        Assert.Equal(ActionLinkStatus.Used, (await store.GetAsync(id, JourneySteps.Validation, 1, "staff-1", CancellationToken.None))!.Status);
        Assert.Equal(ActionLinkStatus.Pending, (await store.GetAsync(other, JourneySteps.Validation, 1, "staff-0", CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task AttachmentLinks_AccountKeySas_ReadsTheBlobForAShortTime()
    {
        var storage = Storage();
        await storage.EnsureCreatedAsync();
        var container = storage.Dossiers;
        var name = "c-x/" + Guid.NewGuid().ToString("N") + "/a1-statuts.pdf";
        await container.GetBlobClient(name).UploadAsync(BinaryData.FromString("%PDF-1.4 statuts"));

        var url = await new BlobAttachmentLinks(storage, TimeProvider.System).ReadLinkAsync(name, TimeSpan.FromMinutes(15), CancellationToken.None);

        using var http = new HttpClient();
        Assert.Equal("%PDF-1.4 statuts", await http.GetStringAsync(url));
        Assert.Contains("sp=r", url.Query, StringComparison.Ordinal);
        var expiry = DateTimeOffset.Parse(Uri.UnescapeDataString(System.Web.HttpUtility.ParseQueryString(url.Query)["se"]!), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiry - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(16));
        var unsigned = new UriBuilder(url) { Query = "" }.Uri;
        Assert.False((await http.GetAsync(unsigned)).IsSuccessStatusCode);
    }

    private AmiStorage Storage() => new(
        new BlobServiceClient(azurite.ConnectionString),
        new TableServiceClient(azurite.ConnectionString),
        [new StorageTable(TableActionStore.TableName), new StorageTable(TablePaymentLedger.TableName)]);

    private static Campaign Campaign(string id) => new()
    {
        Id = id,
        Title = "AMI test",
        OpensAt = At.AddDays(-60),
        Deadline = CampaignDeadline.EndOfDay(new DateOnly(2015, 5, 29)),
        MaxGrant = Euros.FromDecimal(40000m),
        ContactEmail = "ami@region.example",
        JuryPresident = "p@region.example",
        CpSecretariat = "cp@region.example",
        Finance = "finance@region.example",
    };

    private static DossierRecord Record(string id, string campaignId) => new()
    {
        DossierId = id,
        CampaignId = campaignId,
        Reference = "AMI-T-0001",
        Status = DossierStatus.Submitted,
        SubmittedAt = At,
        HolderName = "Association",
        ContactEmail = "a@example.org",
        ActionTitle = "Action",
        RequestedAmount = Euros.FromDecimal(40000m),
        AccessTokenHash = new string('0', 64),
    };
}
