using Ami.Pages.Staff;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Ami.Functions.Http;

/// <summary>
/// The staff's pages. Anonymous for the Functions host: the page itself requires the person that App Service
/// Authentication (Entra ID) signed in, read from the platform's principal header (<see cref="StaffGuard"/>).
/// </summary>
public sealed class StaffPageFunctions(StaffPages staff, StaffListPages list, StaffDossierPages dossier, StaffCampaignPages campaign)
{
    [Function("StaffSignInForm")]
    public Task<IResult> SignInForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = StaffPageRoutes.SignIn)] HttpRequest request) =>
        staff.SignInFormAsync(request);

    [Function("StaffSignIn")]
    public Task<IResult> SignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = StaffPageRoutes.SignIn)] HttpRequest request,
        CancellationToken cancellationToken) =>
        staff.SignInAsync(request, cancellationToken);

    [Function("StaffSignOut")]
    public Task<IResult> SignOut(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = StaffPageRoutes.SignOut)] HttpRequest request,
        CancellationToken cancellationToken) =>
        staff.SignOutAsync(request, cancellationToken);

    [Function("StaffHome")]
    public Task<IResult> Home(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = StaffPageRoutes.Home)] HttpRequest request,
        CancellationToken cancellationToken) =>
        staff.HomeAsync(request, cancellationToken);

    [Function("StaffDossierList")]
    public Task<IResult> Dossiers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = StaffPageRoutes.Dossiers)] HttpRequest request,
        string campaignId,
        CancellationToken cancellationToken) =>
        list.ListAsync(request, campaignId, cancellationToken);

    [Function("StaffDossierListCsv")]
    public Task<IResult> DossiersCsv(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = StaffPageRoutes.DossiersCsv)] HttpRequest request,
        string campaignId,
        CancellationToken cancellationToken) =>
        list.ExportAsync(request, campaignId, xlsx: false, cancellationToken);

    [Function("StaffDossierListXlsx")]
    public Task<IResult> DossiersXlsx(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = StaffPageRoutes.DossiersXlsx)] HttpRequest request,
        string campaignId,
        CancellationToken cancellationToken) =>
        list.ExportAsync(request, campaignId, xlsx: true, cancellationToken);

    [Function("StaffDossier")]
    public Task<IResult> Dossier(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = StaffPageRoutes.Dossier)] HttpRequest request,
        string dossierId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        dossier.ShowAsync(request, dossierId, client, cancellationToken);

    [Function("StaffDossierDecision")]
    public Task<IResult> Decide(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = StaffPageRoutes.DossierDecision)] HttpRequest request,
        string dossierId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        dossier.DecideAsync(request, dossierId, client, cancellationToken);

    [Function("StaffCampaign")]
    public Task<IResult> Campaign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = StaffPageRoutes.Campaign)] HttpRequest request,
        string campaignId,
        CancellationToken cancellationToken) =>
        campaign.ShowAsync(request, campaignId, cancellationToken);

    [Function("StaffCampaignChange")]
    public Task<IResult> CampaignChange(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = StaffPageRoutes.Campaign)] HttpRequest request,
        string campaignId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        campaign.ChangeAsync(request, campaignId, client, cancellationToken);

    [Function("StaffDossierZip")]
    public Task<IResult> DossierZip(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = StaffPageRoutes.DossierZip)] HttpRequest request,
        string dossierId,
        CancellationToken cancellationToken) =>
        dossier.ZipAsync(request, dossierId, cancellationToken);
}
