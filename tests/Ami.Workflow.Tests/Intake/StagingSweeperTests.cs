using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ami.Domain.Money;
using Ami.Domain.States;
using Ami.Workflow.Intake;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;
using Ami.Workflow.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ami.Workflow.Tests.Intake;

/// <summary>
/// What a crash leaves at each step of a submission, rebuilt in storage, then repaired by the sweep
/// (run with the real clock and an age of zero, so that "an hour ago" is "before now").
/// </summary>
[Collection(IntakeCollection.Name)]
public sealed class StagingSweeperTests(IntakeApp app)
{
    [Fact]
    public async Task Sweep_CrashWhileStreaming_DeletesTheFilesAndTheJournalEntry()
    {
        var campaign = await app.CreateCampaignAsync();
        var dossierId = DossierIds.New(campaign.Id);
        var stager = await StageAsync(campaign.Id, dossierId, "idem-crash-1");

        var repaired = await SweepAsync();

        Assert.True(repaired >= 1);
        Assert.Empty(await app.BlobNamesAsync(stager.Folder));
        Assert.Equal(0, await app.RowCountAsync(TableNames.Uploads, $"PartitionKey eq '{dossierId}'"));
        Assert.Null(await app.Services.GetRequiredService<IdempotencyStore>().GetAsync("idem-crash-1", CancellationToken.None));
    }

    [Fact]
    public async Task Sweep_CrashBeforeScheduling_RemovesTheHiddenDossier()
    {
        var campaign = await app.CreateCampaignAsync();
        var dossierId = DossierIds.New(campaign.Id);
        var stager = await StageAsync(campaign.Id, dossierId, null);
        await InsertRowAsync(campaign.Id, dossierId, committed: false);
        await app.Services.GetRequiredService<ITimeline>().AppendAsync(dossierId, "submitted", new TimelineEntry(IntakeApp.Now, "submitted", "holder"), CancellationToken.None);

        await SweepAsync();

        Assert.Null(await app.Services.GetRequiredService<IDossierStore>().GetAsync(dossierId, CancellationToken.None));
        Assert.Empty(await app.Services.GetRequiredService<ITimeline>().ListAsync(dossierId, CancellationToken.None));
        Assert.Empty(await app.BlobNamesAsync(stager.Folder));
    }

    [Fact]
    public async Task Sweep_CrashAfterScheduling_CommitsTheDossier()
    {
        var campaign = await app.CreateCampaignAsync();
        var dossierId = DossierIds.New(campaign.Id);
        var stager = await StageAsync(campaign.Id, dossierId, null);
        var (token, _) = await InsertRowAsync(campaign.Id, dossierId, committed: false, blobs: stager.Written);
        await app.Durable.ScheduleNewOrchestrationInstanceAsync(JourneyNames.Orchestrator, new JourneyInput(dossierId, campaign.Id), new StartOrchestrationOptions(dossierId));
        using (var hidden = await app.Http.SendAsync(app.Get($"/api/dossiers/{dossierId}", token)))
        {
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }

        await SweepAsync();

        using var visible = await app.Http.SendAsync(app.Get($"/api/dossiers/{dossierId}", token));
        Assert.Equal(HttpStatusCode.OK, visible.StatusCode);
        Assert.Equal(stager.Written.Order(StringComparer.Ordinal), (await app.BlobNamesAsync(stager.Folder)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Sweep_LiveUpload_IsLeftAlone()
    {
        var campaign = await app.CreateCampaignAsync();
        var dossierId = DossierIds.New(campaign.Id);
        var stager = await StageAsync(campaign.Id, dossierId, null);

        await app.Services.GetRequiredService<StagingSweeper>().SweepAsync(app.Durable, cancellationToken: CancellationToken.None);

        Assert.Single(await app.BlobNamesAsync(stager.Folder));
        Assert.Equal(1, await app.RowCountAsync(TableNames.Uploads, $"PartitionKey eq '{dossierId}'"));
        await stager.DeleteWrittenAsync(CancellationToken.None);
    }

    [Fact]
    public async Task DeleteWritten_StorageRefusesToDiscardAPartFile_FailsAndLeavesTheJournalToTheSweeper()
    {
        var campaign = await app.CreateCampaignAsync();
        var dossierId = DossierIds.New(campaign.Id);
        var forbidden = new ForbidBlobPutsPolicy();
        var options = new Azure.Storage.Blobs.BlobClientOptions();
        options.AddPolicy(forbidden, Azure.Core.HttpPipelinePosition.PerCall);
        options.Retry.MaxRetries = 0;
        var storage = new AmiStorage(
            new Azure.Storage.Blobs.BlobServiceClient(app.ConnectionString, options),
            app.Services.GetRequiredService<Azure.Data.Tables.TableServiceClient>(),
            app.Services.GetServices<StorageTable>());
        var stager = new BlobStager(storage, app.Services.GetRequiredService<UploadJournal>(), new UploadJournalEntry(dossierId, DossierIds.RandomToken(10), campaign.Id, UploadKind.Create, IntakeApp.Now, null));
        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => stager.StoreJsonAsync($"{campaign.Id}/{dossierId}/dossier.json", BinaryData.FromString("{}"), CancellationToken.None));

        // A 403 (or a 5xx) while discarding the part file is not "nothing to discard": the undo fails, so the
        // journal row stays and the sweeper finishes the job later.
        var failure = await Assert.ThrowsAsync<Azure.RequestFailedException>(() => stager.DeleteWrittenAsync(CancellationToken.None));
        Assert.Equal(403, failure.Status);
        Assert.True(forbidden.Failed >= 2);
        Assert.Equal(1, await app.RowCountAsync(TableNames.Uploads, $"PartitionKey eq '{dossierId}'"));
    }

    /// <summary>Answers 403 to every PUT of a blob (uploads and block lists), as storage would to an identity without the role.</summary>
    private sealed class ForbidBlobPutsPolicy : Azure.Core.Pipeline.HttpPipelinePolicy
    {
        public int Failed { get; private set; }

        public override void Process(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline) => throw new NotSupportedException();

        public override ValueTask ProcessAsync(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline)
        {
            if (message.Request.Method == Azure.Core.RequestMethod.Put && message.Request.Uri.Path.Contains("/" + AmiStorage.DossiersContainer + "/", StringComparison.Ordinal))
            {
                Failed++;
                throw new Azure.RequestFailedException(403, "Accès refusé (test).");
            }

            return ProcessNextAsync(message, pipeline);
        }
    }

    /// <summary>An upload that wrote its journal row and one file, with an idempotency claim, then "crashed".</summary>
    private async Task<BlobStager> StageAsync(string campaignId, string dossierId, string? keyHash)
    {
        var storage = app.Services.GetRequiredService<AmiStorage>();
        var journal = app.Services.GetRequiredService<UploadJournal>();
        var stager = new BlobStager(storage, journal, new UploadJournalEntry(dossierId, DossierIds.RandomToken(10), campaignId, UploadKind.Create, IntakeApp.Now, keyHash));
        await await stager.StoreAsync("a1", "statuts.pdf", FileType.Pdf, new MemoryStream(TestFiles.StatutesPdf), CancellationToken.None);
        if (keyHash is not null)
        {
            await app.Services.GetRequiredService<IdempotencyStore>().TryClaimAsync(
                new IdempotencyRecord(keyHash, "fingerprint", false, dossierId, 201, null, null, IntakeApp.Now), CancellationToken.None);
        }

        return stager;
    }

    private async Task<(string Token, DossierEntity Row)> InsertRowAsync(string campaignId, string dossierId, bool committed, IReadOnlyList<string>? blobs = null)
    {
        var (token, hash) = AccessTokens.New();
        var row = new DossierEntity { PartitionKey = campaignId, RowKey = dossierId, Committed = committed, SubmissionBlob = "" };
        row.Apply(new DossierRecord
        {
            DossierId = dossierId,
            CampaignId = campaignId,
            Reference = "T-0001",
            Status = DossierStatus.Submitted,
            SubmittedAt = IntakeApp.Now,
            HolderName = "Association",
            ContactEmail = "a@example.org",
            ActionTitle = "Action",
            RequestedAmount = Euros.FromDecimal(1000m),
            AccessTokenHash = hash,
            Attachments = (blobs ?? []).Select(b => new AttachmentInfo("a1", "statutes", "statuts.pdf", "application/pdf", 1, "00", b)).ToArray(),
        });
        await app.Services.GetRequiredService<TableDossierStore>().InsertAsync(row, CancellationToken.None);
        return (token, row);
    }

    /// <summary>The real sweeper, on the real clock, with an age of zero.</summary>
    private Task<int> SweepAsync()
    {
        var s = app.Services;
        var sweeper = new StagingSweeper(
            s.GetRequiredService<UploadJournal>(), s.GetRequiredService<TableDossierStore>(), s.GetRequiredService<IdempotencyStore>(),
            s.GetRequiredService<AmiStorage>(), s.GetRequiredService<TableTimeline>(), TimeProvider.System, NullLogger<StagingSweeper>.Instance);
        return sweeper.SweepAsync(app.Durable, TimeSpan.Zero, CancellationToken.None);
    }
}
