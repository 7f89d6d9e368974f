using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ami.Domain.Money;
using Ami.Domain.States;
using Ami.Workflow.Intake;
using Ami.Workflow.Ports;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Ami.Workflow.Tests.Intake;

/// <summary>
/// A host killed while it holds an <c>Idempotency-Key</c> (the state it leaves is rebuilt in storage, as
/// <see cref="StagingSweeperTests"/> does): the key is free again once the dead upload's lease has run out, with
/// the default lease (90 s) — not after the hour-old sweep — and the sweep cleans up what the upload left.
/// The app has a clock of its own, moved on by the test.
/// </summary>
[Collection(IntakeCollection.Name)]
public sealed class AbandonedClaimTests(IntakeApp app) : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(IntakeApp.Now);
    private WebApplication? _app;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        (_app, var address) = await app.StartAppAsync(s => s.AddSingleton<TimeProvider>(_clock));
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Retry_AfterAHostDiedHoldingTheKey_TakesTheKeyOverWithinTwoMinutes_AndTheSweepCleansTheOrphan()
    {
        var campaign = await app.CreateCampaignAsync();
        var key = Guid.NewGuid().ToString();
        var keyHash = IdempotencyKeys.RowKey($"POST /api/campaigns/{campaign.Id}/dossiers", key);
        var crashed = await CrashedUploadAsync(campaign.Id, keyHash, await FingerprintAsync(campaign.Id));

        _clock.Advance(TimeSpan.FromSeconds(30));
        var (early, earlyBody) = await PostAsync(campaign.Id, key);
        _clock.Advance(TimeSpan.FromSeconds(90));
        var (status, body) = await PostAsync(campaign.Id, key);
        var (again, replay) = await PostAsync(campaign.Id, key);

        // While the dead upload's lease runs the key stays held; then the retry files the dossier, once.
        Assert.Equal(HttpStatusCode.Conflict, early);
        Assert.Equal("request-in-progress", earlyBody.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Created, status);
        var dossierId = body.GetProperty("dossierId").GetString()!;
        Assert.NotEqual(crashed.DossierId, dossierId);
        Assert.Equal(HttpStatusCode.Created, again);
        Assert.Equal(dossierId, replay.GetProperty("dossierId").GetString());
        Assert.Equal(body.GetProperty("accessToken").GetString(), replay.GetProperty("accessToken").GetString());

        // The sweep, on its own schedule and with its default age, removes what the dead upload left.
        var sweeper = Sweeper();
        await sweeper.SweepAsync(app.Durable, cancellationToken: CancellationToken.None);
        Assert.Empty(await app.BlobNamesAsync(crashed.Folder));
        Assert.Equal(0, await app.RowCountAsync(TableNames.Uploads, $"PartitionKey eq '{crashed.DossierId}'"));
        Assert.Equal(dossierId, (await app.Services.GetRequiredService<IdempotencyStore>().GetAsync(keyHash, CancellationToken.None))!.DossierId);
        Assert.Equal(1, await app.RowCountAsync(TableNames.Dossiers, $"PartitionKey eq '{campaign.Id}' and RowKey eq '{dossierId}'"));
    }

    [Fact]
    public async Task Retry_AfterAHostDiedPastTheCommitPoint_GetsTheFirstDossierBack_NoSecondOne()
    {
        var campaign = await app.CreateCampaignAsync();
        var key = Guid.NewGuid().ToString();
        var keyHash = IdempotencyKeys.RowKey($"POST /api/campaigns/{campaign.Id}/dossiers", key);
        var fingerprint = await FingerprintAsync(campaign.Id);
        var (token, tokenHash) = AccessTokens.New();
        var crashed = await CrashedUploadAsync(campaign.Id, keyHash, fingerprint, IdempotencyKeys.Protect(token, key, fingerprint));
        var row = new DossierEntity { PartitionKey = campaign.Id, RowKey = crashed.DossierId, Committed = false, SubmissionBlob = "" };
        row.Apply(new DossierRecord
        {
            DossierId = crashed.DossierId,
            CampaignId = campaign.Id,
            Reference = "T-CRASH-0001",
            Status = DossierStatus.Submitted,
            SubmittedAt = IntakeApp.Now,
            HolderName = "Association",
            ContactEmail = "a@example.org",
            ActionTitle = "Action",
            RequestedAmount = Euros.FromDecimal(1000m),
            AccessTokenHash = tokenHash,
            Attachments = [],
        });
        await app.Services.GetRequiredService<TableDossierStore>().InsertAsync(row, CancellationToken.None);
        await app.Durable.ScheduleNewOrchestrationInstanceAsync(JourneyNames.Orchestrator, new JourneyInput(crashed.DossierId, campaign.Id), new StartOrchestrationOptions(crashed.DossierId));

        _clock.Advance(TimeSpan.FromMinutes(2));
        var (status, body) = await PostAsync(campaign.Id, key);

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(crashed.DossierId, body.GetProperty("dossierId").GetString());
        Assert.Equal(token, body.GetProperty("accessToken").GetString());
        Assert.Equal("T-CRASH-0001", body.GetProperty("reference").GetString());
        Assert.Equal(2, await app.RowCountAsync(TableNames.Dossiers, $"PartitionKey eq '{campaign.Id}'")); // this one and FingerprintAsync's
        using var visible = await _http.SendAsync(app.Get($"/api/dossiers/{crashed.DossierId}", token));
        Assert.Equal(HttpStatusCode.OK, visible.StatusCode);
    }

    /// <summary>The fingerprint of <see cref="Multipart.Valid"/>, read from the answer remembered for another key.</summary>
    private async Task<string> FingerprintAsync(string campaignId)
    {
        var other = Guid.NewGuid().ToString();
        var (status, _) = await PostAsync(campaignId, other);
        Assert.Equal(HttpStatusCode.Created, status);
        var known = await app.Services.GetRequiredService<IdempotencyStore>().GetAsync(IdempotencyKeys.RowKey($"POST /api/campaigns/{campaignId}/dossiers", other), CancellationToken.None);
        return known!.RequestHash;
    }

    /// <summary>What a host killed after claiming the key leaves: its journal row, a file, the pending claim.</summary>
    private async Task<(string DossierId, string Folder)> CrashedUploadAsync(string campaignId, string keyHash, string fingerprint, string? protectedToken = null)
    {
        var dossierId = DossierIds.New(campaignId);
        var stager = new BlobStager(
            app.Services.GetRequiredService<AmiStorage>(), app.Services.GetRequiredService<UploadJournal>(),
            new UploadJournalEntry(dossierId, DossierIds.RandomToken(10), campaignId, UploadKind.Create, _clock.GetUtcNow(), keyHash));
        await await stager.StoreAsync("a1", "statuts.pdf", FileType.Pdf, new MemoryStream(TestFiles.StatutesPdf), CancellationToken.None);
        Assert.True(await app.Services.GetRequiredService<IdempotencyStore>().TryClaimAsync(
            new IdempotencyRecord(keyHash, fingerprint, false, dossierId, 201, null, protectedToken, _clock.GetUtcNow()), CancellationToken.None));
        return (dossierId, stager.Folder);
    }

    private StagingSweeper Sweeper()
    {
        var s = app.Services;
        return ActivatorUtilities.CreateInstance<StagingSweeper>(s, _clock, NullLogger<StagingSweeper>.Instance);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string campaignId, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/campaigns/{campaignId}/dossiers") { Content = Multipart.Valid() };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}

/// <summary>The heartbeat of a live upload: its journal row and its claim are renewed while it runs, so nobody takes them for dead.</summary>
[Collection(IntakeCollection.Name)]
public sealed class UploadLeaseTests(IntakeApp app)
{
    [Fact]
    public async Task LiveUpload_RenewsItsJournalRowAndItsClaim_AndKeepsTheKeyPastTheLease()
    {
        var campaign = await app.CreateCampaignAsync();
        var dossierId = DossierIds.New(campaign.Id);
        var keyHash = IdempotencyKeys.RowKey($"POST /api/campaigns/{campaign.Id}/dossiers", Guid.NewGuid().ToString());
        var started = TimeProvider.System.GetUtcNow();
        var options = new Ami.Workflow.Configuration.UploadOptions { LeaseDuration = TimeSpan.FromSeconds(1.5), HeartbeatEvery = TimeSpan.FromMilliseconds(300) };
        var store = app.Services.GetRequiredService<IdempotencyStore>();
        var journal = app.Services.GetRequiredService<UploadJournal>();
        var stager = new BlobStager(app.Services.GetRequiredService<AmiStorage>(), journal, new UploadJournalEntry(dossierId, DossierIds.RandomToken(10), campaign.Id, UploadKind.Create, started, keyHash));
        await stager.EnsureJournalAsync(CancellationToken.None);
        var claim = new IdempotencyRecord(keyHash, "fingerprint", false, dossierId, 201, null, null, started) { LeaseUntil = started + options.LeaseDuration };
        Assert.True(await store.TryClaimAsync(claim, CancellationToken.None));

        await using (var lease = new UploadLease(stager, journal, store, options, TimeProvider.System, NullLogger.Instance))
        {
            lease.Hold(claim);
            await Task.Delay(TimeSpan.FromSeconds(3)); // twice the lease

            var now = TimeProvider.System.GetUtcNow();
            var held = (await store.GetAsync(keyHash, CancellationToken.None))!;
            Assert.False(held.IsAbandoned(now, options.LeaseDuration));
            Assert.True(held.LeaseUntil > now);
            var entry = (await journal.ListAsync(CancellationToken.None)).Single(e => e.DossierId == dossierId);
            Assert.True(entry.LastSignOfLife > now - options.LeaseDuration);
            Assert.False(lease.Lost);
        }

        // Stopped (the upload ended, or its process died): the lease runs out.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.True((await store.GetAsync(keyHash, CancellationToken.None))!.IsAbandoned(TimeProvider.System.GetUtcNow(), options.LeaseDuration));
        await stager.DeleteWrittenAsync(CancellationToken.None);
        await store.DeleteAsync(keyHash, CancellationToken.None);
    }
}
