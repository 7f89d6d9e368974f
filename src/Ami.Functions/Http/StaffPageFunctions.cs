using Ami.Pages.Staff;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Ami.Functions.Http;

/// <summary>
/// The staff's pages. Anonymous for the Functions host: the page itself requires the person that App Service
/// Authentication (Entra ID) signed in, read from the platform's principal header (<see cref="StaffGuard"/>).
/// </summary>
public sealed class StaffPageFunctions(StaffPages staff)
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
}
