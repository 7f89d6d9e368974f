using Ami.Workflow.Configuration;
using Ami.Workflow.Staff;
using Microsoft.Extensions.Options;

namespace Ami.LocalHost;

/// <summary>
/// A staff route: the staff key <c>Ami:StaffKey</c> (header <c>x-functions-key</c> or query <c>code</c>) or a signed-in staff
/// member with the route's role (<see cref="StaffAccess"/>, the same check as the Functions twin's), else 401 (or 403).
/// </summary>
public static class StaffKey
{
    public const string HeaderName = "x-functions-key";

    public const string QueryName = "code";

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

    /// <summary>True when the request carries the configured staff key (the workflow's constant-time check).</summary>
    public static bool IsValid(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<AmiOptions>>().CurrentValue;
        return Ami.Workflow.Intake.StaffKey.IsPresented(context.Request, options);
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
