using Ami.Pages.Workspaces;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Ami.Functions.Http;

/// <summary>The juror's workspace, "Mes dossiers à évaluer" (<see cref="JurorRoutes"/>). Anonymous: the personal link's token is the credential.</summary>
public sealed class JurorPageFunctions(JurorPages juror)
{
    [Function("PageJuror")]
    public Task<IResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = JurorRoutes.List)] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        juror.ListAsync(token, cancellationToken);

    [Function("PageJurorDossier")]
    public Task<IResult> Dossier(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = JurorRoutes.Dossier)] HttpRequest request,
        string token,
        string dossierId,
        CancellationToken cancellationToken) =>
        juror.DossierAsync(token, dossierId, cancellationToken);

    [Function("PageJurorDossierPost")]
    public Task<IResult> Post(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = JurorRoutes.Dossier)] HttpRequest request,
        string token,
        string dossierId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        juror.PostAsync(request, token, dossierId, client, cancellationToken);
}
