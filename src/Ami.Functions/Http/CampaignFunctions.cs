using Ami.Workflow.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Ami.Functions.Http;

/// <summary>Staff campaign routes (function key): bindings only, forwarding to <see cref="CampaignHandlers"/>.</summary>
public sealed class CampaignFunctions(CampaignHandlers handlers)
{
    [Function("UpsertCampaign")]
    public Task<IResult> Upsert(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/campaigns")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        handlers.UpsertAsync(req, client);

    [Function("GetCampaign")]
    public Task<IResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/campaigns/{campaignId}")] HttpRequest req,
        string campaignId) =>
        handlers.GetAsync(req, campaignId);

    [Function("ListCampaigns")]
    public Task<IResult> List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/campaigns")] HttpRequest req) =>
        handlers.ListAsync(req);
}
