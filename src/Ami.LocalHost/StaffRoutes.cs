using Ami.Workflow.Staff;

namespace Ami.LocalHost;

/// <summary>
/// A staff route: the staff key <c>Ami:StaffKey</c> (header <c>x-functions-key</c> or query <c>code</c>) or a signed-in staff
/// member with the route's role (<see cref="StaffAccess"/>, the same check as the Functions twin's), else 401 (or 403).
/// </summary>
public static class StaffRoutes
{
    /// <summary>Marks the endpoints of <paramref name="builder"/> as staff-only and checks the key.</summary>
    public static TBuilder RequireStaffKey<TBuilder>(this TBuilder builder, params StaffRole[] roles)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WithMetadata(StaffOnlyMetadata.Instance);
        builder.AddEndpointFilter(async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<StaffAccess>().Refuse(context.HttpContext.Request, roles) is { } refusal
                ? refusal
                : await next(context));
        return builder;
    }
}

/// <summary>Endpoint metadata of a staff-only route (read by the route-parity test).</summary>
public sealed class StaffOnlyMetadata
{
    public static StaffOnlyMetadata Instance { get; } = new();

    private StaffOnlyMetadata()
    {
    }
}
