using Ami.Workflow.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Ami.Workflow.Staff;
using Microsoft.DurableTask.Client;

namespace Ami.Functions.Http;

/// <summary>Dossier routes: bindings only, forwarding to <see cref="DossierHandlers"/> (the local host maps the same routes).</summary>
public sealed class DossierFunctions(DossierHandlers handlers, StaffAccess access)
{
    [Function("SubmitDossier")]
    public Task<IResult> Submit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/campaigns/{campaignId}/dossiers")] HttpRequest req,
        string campaignId,
        [DurableClient] DurableTaskClient client) =>
        handlers.SubmitAsync(req, campaignId, client);

    [Function("GetDossier")]
    public Task<IResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/dossiers/{dossierId}")] HttpRequest req,
        string dossierId) =>
        handlers.GetAsync(req, dossierId);

    [Function("ResubmitDossier")]
    public Task<IResult> Resubmit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/dossiers/{dossierId}")] HttpRequest req,
        string dossierId,
        [DurableClient] DurableTaskClient client) =>
        handlers.ResubmitAsync(req, dossierId, client);

    [Function("ListDossiers"), StaffRoute]
    public async Task<IResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns/{campaignId}/dossiers")] HttpRequest req,
        string campaignId) =>
        access.Refuse(req) ?? await handlers.ListAsync(req, campaignId);
}
