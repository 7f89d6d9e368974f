using Ami.Pages.Staff;

namespace Ami.LocalHost;

/// <summary>
/// The staff's pages (<see cref="StaffPageRoutes"/>), served with the same handlers as Ami.Functions'
/// <c>StaffPageFunctions</c> (the route-parity test checks both lists). Out of the API description: they are HTML.
/// </summary>
public static class StaffPageEndpoints
{
    public static IEndpointRouteBuilder MapAmiStaffPages(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var pages = endpoints.MapGroup("/").ExcludeFromDescription().WithMetadata(new PageEndpointMetadata());
        pages.MapGet(StaffPageRoutes.SignIn, (HttpRequest r, StaffPages h) => h.SignInFormAsync(r));
        pages.MapPost(StaffPageRoutes.SignIn, (HttpRequest r, StaffPages h, CancellationToken ct) => h.SignInAsync(r, ct));
        pages.MapPost(StaffPageRoutes.SignOut, (HttpRequest r, StaffPages h, CancellationToken ct) => h.SignOutAsync(r, ct));
        pages.MapGet(StaffPageRoutes.Home, (HttpRequest r, StaffPages h, CancellationToken ct) => h.HomeAsync(r, ct));
        return endpoints;
    }
}
