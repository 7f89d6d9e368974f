using Ami.Workflow.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Ami.Functions.Http;

/// <summary>Staff ranking of a campaign's scored dossiers (function key): binding only.</summary>
public sealed class RankingFunction(RankingHandler handler)
{
    [Function("GetRanking")]
    public Task<IResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "api/campaigns/{campaignId}/ranking")] HttpRequest req,
        string campaignId) =>
        handler.GetAsync(req, campaignId);
}
