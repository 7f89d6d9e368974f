using Ami.Workflow.Http;
using Microsoft.AspNetCore.Http;
using Ami.Workflow.Staff;
using Microsoft.Azure.Functions.Worker;

namespace Ami.Functions.Http;

/// <summary>Staff ranking of a campaign's scored dossiers (staff key or signed-in staff): binding only.</summary>
public sealed class RankingFunction(RankingHandler handler, StaffAccess access)
{
    [Function("GetRanking"), StaffRoute]
    public async Task<IResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns/{campaignId}/ranking")] HttpRequest req,
        string campaignId) =>
        access.Refuse(req) ?? await handler.GetAsync(req, campaignId);
}
