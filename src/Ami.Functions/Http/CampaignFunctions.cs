using Ami.Workflow.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Ami.Workflow.Staff;
using Microsoft.DurableTask.Client;

namespace Ami.Functions.Http;

/// <summary>Staff campaign routes (staff key or signed-in staff, <see cref="StaffAccess"/>): bindings only, forwarding to <see cref="CampaignHandlers"/>.</summary>
public sealed class CampaignFunctions(CampaignHandlers handlers, StaffAccess access)
{
    [Function("UpsertCampaign"), StaffRoute]
    public async Task<IResult> Upsert(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/campaigns")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        access.Refuse(req, StaffRole.Admin) ?? await handlers.UpsertAsync(req, client);

    [Function("GetCampaign"), StaffRoute]
    public async Task<IResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns/{campaignId}")] HttpRequest req,
        string campaignId) =>
        access.Refuse(req) ?? await handlers.GetAsync(req, campaignId);

    [Function("ListCampaigns"), StaffRoute]
    public async Task<IResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns")] HttpRequest req) =>
        access.Refuse(req) ?? await handlers.ListAsync(req);
}
