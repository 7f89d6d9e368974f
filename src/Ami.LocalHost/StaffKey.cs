using Ami.Workflow.Configuration;
using Microsoft.Extensions.Options;

namespace Ami.LocalHost;

/// <summary>
/// The local twin of Azure Functions' <c>AuthorizationLevel.Function</c>: a staff route needs the key
/// <c>Ami:StaffKey</c> in the <c>x-functions-key</c> header or the <c>code</c> query parameter, else 401.
/// </summary>
public static class StaffKey
{
    public const string HeaderName = "x-functions-key";

    public const string QueryName = "code";

    /// <summary>Marks the endpoints of <paramref name="builder"/> as staff-only and checks the key.</summary>
    public static TBuilder RequireStaffKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WithMetadata(StaffOnlyMetadata.Instance);
        builder.AddEndpointFilter(static async (context, next) =>
            IsValid(context.HttpContext) ? await next(context) : Unauthorized());
        return builder;
    }

    /// <summary>True when the request carries the configured staff key (the workflow's constant-time check).</summary>
    public static bool IsValid(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<AmiOptions>>().CurrentValue;
        return Ami.Workflow.Intake.StaffKey.IsPresented(context.Request, options);
    }

    private static IResult Unauthorized() => Ami.Workflow.Http.Problems.Create(
        StatusCodes.Status401Unauthorized,
        "staff-key-required",
        "Clé d'accès requise",
        "Cette route est réservée aux services de la Région : fournissez la clé dans l'en-tête « x-functions-key » ou le paramètre « code ».");
}

/// <summary>Endpoint metadata of a staff-only route (read by the route-parity test).</summary>
public sealed class StaffOnlyMetadata
{
    public static StaffOnlyMetadata Instance { get; } = new();

    private StaffOnlyMetadata()
    {
    }
}
