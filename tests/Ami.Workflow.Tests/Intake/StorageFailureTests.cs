using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ami.Workflow.Storage;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Ami.Workflow.Tests.Intake;

/// <summary>
/// Blob storage failing in the middle of a submission: the holder gets 503 and no file, row or journey is kept
/// (only the upload's journal row, when the undo itself could not finish, for the sweeper).
/// </summary>
[Collection(IntakeCollection.Name)]
public sealed class StorageFailureTests(IntakeApp app)
{
    [Theory]
    [InlineData("comptes.pdf")] // the last file: its upload still runs when the request has been read
    [InlineData("dossier.json")] // after the files, before the index row
    public async Task Submit_BlobWriteFails_Returns503AndLeavesNothing(string failingBlob)
    {
        var campaign = await app.CreateCampaignAsync();
        var failing = new FailBlobPutsPolicy(failingBlob);
        var (other, baseAddress) = await app.StartAppAsync(services =>
        {
            var options = new BlobClientOptions();
            options.AddPolicy(failing, HttpPipelinePosition.PerCall);
            options.Retry.MaxRetries = 0;
            services.AddSingleton(new BlobServiceClient(app.ConnectionString, options));
        });
        await using (other)
        {
            using var http = new HttpClient { BaseAddress = baseAddress };

            using var response = await http.PostAsync($"/api/campaigns/{campaign.Id}/dossiers", Multipart.Valid());

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("storage-unavailable", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
            Assert.True(failing.Failed > 0);
        }

        Assert.Empty(await app.BlobNamesAsync(campaign.Id + "/"));
        Assert.Equal(0, await app.RowCountAsync(TableNames.Dossiers, $"PartitionKey eq '{campaign.Id}'"));
        // The outage also refused to discard the part file's blocks: the undo could not confirm it, so the upload's
        // journal row stays for the sweeper (StagingSweeperTests), instead of being dropped as if all were clean.
        Assert.Equal(1, await app.RowCountAsync(TableNames.Uploads, $"CampaignId eq '{campaign.Id}'"));
        await foreach (var instance in app.Durable.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = campaign.Id + "." }))
        {
            Assert.Fail($"Unexpected journey {instance.InstanceId}");
        }
    }

    [Fact]
    public async Task Submit_BookkeepingFailsAfterTheJourneyStarted_StillAnswers201AndKeepsTheDossier()
    {
        var campaign = await app.CreateCampaignAsync();
        var failing = new FailRequestsPolicy(RequestMethod.Delete, "/Uploads");
        var (other, baseAddress) = await app.StartAppAsync(services =>
        {
            var options = new Azure.Data.Tables.TableClientOptions();
            options.AddPolicy(failing, HttpPipelinePosition.PerCall);
            options.Retry.MaxRetries = 0;
            services.AddSingleton(new Azure.Data.Tables.TableServiceClient(app.ConnectionString, options));
        });
        await using (other)
        {
            using var http = new HttpClient { BaseAddress = baseAddress };

            using var response = await http.PostAsync($"/api/campaigns/{campaign.Id}/dossiers", Multipart.Valid());

            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.True(failing.Failed > 0);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            using var view = await app.Http.SendAsync(app.Get($"/api/dossiers/{body.GetProperty("dossierId").GetString()}", body.GetProperty("accessToken").GetString()));
            Assert.Equal(HttpStatusCode.OK, view.StatusCode);
        }

        // The files stay; the journal entry left behind is the sweeper's to remove.
        Assert.Equal(3, (await app.BlobNamesAsync(campaign.Id + "/")).Count);
        Assert.Equal(1, await app.RowCountAsync(TableNames.Uploads, $"CampaignId eq '{campaign.Id}'"));
    }

    /// <summary>Answers 503 to the requests of one method whose path contains <paramref name="pathPart"/>.</summary>
    private sealed class FailRequestsPolicy(RequestMethod method, string pathPart) : HttpPipelinePolicy
    {
        public int Failed { get; private set; }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) => throw new NotSupportedException();

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (message.Request.Method == method && message.Request.Uri.Path.Contains(pathPart, StringComparison.Ordinal))
            {
                Failed++;
                throw new Azure.RequestFailedException(503, "Stockage indisponible (test).");
            }

            return ProcessNextAsync(message, pipeline);
        }
    }

    /// <summary>Answers 503 to every PUT of a blob whose name ends with <paramref name="suffix"/>, as a storage outage would.</summary>
    private sealed class FailBlobPutsPolicy(string suffix) : HttpPipelinePolicy
    {
        public int Failed { get; private set; }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) => throw new NotSupportedException();

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (message.Request.Method == RequestMethod.Put && message.Request.Uri.Path.EndsWith(suffix, StringComparison.Ordinal))
            {
                Failed++;
                throw new Azure.RequestFailedException(503, "Stockage indisponible (test).");
            }

            return ProcessNextAsync(message, pipeline);
        }
    }
}
