namespace Ami.LocalHost;

/// <summary>
/// The HTTP routes of Ami.Functions, served by the local host with the same handlers from Ami.Workflow.
/// Every route here has a [Function] twin in Ami.Functions (checked by the route-parity test).
/// </summary>
public static class ApiRoutes
{
    public static IEndpointRouteBuilder MapAmiApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api");
        _ = api;
        return endpoints;
    }
}
