using Ami.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Ami.Functions.Http;

/// <summary>
/// The people's pages under readable French paths (host.json's <c>routePrefix</c> is empty, so these are at the
/// root and the API functions carry <c>api/</c> in their routes). Anonymous: the personal link's token is the credential.
/// </summary>
public sealed class PageFunctions(HolderPages holder, LostLinkPages lostLink, FilingPages filing, ChangesPages changes, FilePages files)
{
    [Function("PageAsset")]
    public IResult Asset(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.Asset)] HttpRequest request,
        string name) =>
        PageAssets.Get(name);

    [Function("PageMyDossier")]
    public Task<IResult> MyDossier(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.MyDossier)] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        holder.ShowAsync(token, cancellationToken);

    [Function("PageMyDossierStart")]
    public Task<IResult> Start(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PageRoutes.MyDossierStart)] HttpRequest request,
        string token,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        holder.StartAsync(request, token, client, cancellationToken);

    [Function("PageMyDossierBilan")]
    public Task<IResult> Bilan(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PageRoutes.MyDossierBilan)] HttpRequest request,
        string token,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        holder.BilanAsync(request, token, client, cancellationToken);

    [Function("PageMyDossierWithdrawConfirm")]
    public Task<IResult> ConfirmWithdraw(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.MyDossierWithdraw)] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        holder.ConfirmWithdrawAsync(token, cancellationToken);

    [Function("PageMyDossierWithdraw")]
    public Task<IResult> Withdraw(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PageRoutes.MyDossierWithdraw)] HttpRequest request,
        string token,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        holder.WithdrawAsync(request, token, client, cancellationToken);

    [Function("PageMyDossierChangesForm")]
    public Task<IResult> ChangesForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.MyDossierChanges)] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        changes.FormAsync(token, cancellationToken);

    [Function("PageMyDossierChanges")]
    public Task<IResult> Changes(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PageRoutes.MyDossierChanges)] HttpRequest request,
        string token,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        changes.SubmitAsync(request, token, client, cancellationToken);

    [Function("PageFile")]
    public Task<IResult> File(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.File)] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        files.DownloadAsync(token, cancellationToken);

    [Function("PageFiling")]
    public Task<IResult> FilingForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.Filing)] HttpRequest request,
        string campaignId,
        CancellationToken cancellationToken) =>
        filing.FormAsync(campaignId, cancellationToken);

    [Function("PageFilingSubmit")]
    public Task<IResult> FilingSubmit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PageRoutes.Filing)] HttpRequest request,
        string campaignId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        filing.SubmitAsync(request, campaignId, client, cancellationToken);

    [Function("PageDraft")]
    public Task<IResult> Draft(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.Draft)] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        filing.ResumeAsync(token, cancellationToken);

    [Function("PageLostLink")]
    public Task<IResult> LostLinkForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PageRoutes.LostLink)] HttpRequest request) =>
        lostLink.FormAsync();

    [Function("PageLostLinkRequest")]
    public Task<IResult> LostLinkRequest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PageRoutes.LostLink)] HttpRequest request,
        CancellationToken cancellationToken) =>
        lostLink.RequestAsync(request, cancellationToken);
}
