using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ami.Workflow;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.OpenApi;

namespace Ami.LocalHost.OpenApi;

/// <summary>
/// The OpenAPI 3.1 document of the API, generated from the routes of <see cref="ApiRoutes"/> and their
/// metadata (<see cref="ApiDocs"/>): served at <c>GET /api/openapi.json</c>, written at build to the output
/// folder (<c>openapi.json</c>) and committed as <c>docs/openapi.json</c>.
/// </summary>
public static class AmiOpenApi
{
    public const string DocumentName = "v1";

    /// <summary>Where both hosts serve the document.</summary>
    public const string Route = ApiRoutes.Prefix + "/openapi.json";

    public const string HolderScheme = "holderToken";
    public const string StaffHeaderScheme = "staffKey";
    public const string StaffQueryScheme = "staffKeyQuery";

    /// <summary>True when the build's document generator (Microsoft.Extensions.ApiDescription.Server) runs the app.</summary>
    public static bool IsBuildTimeGeneration => Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider";

    public static IServiceCollection AddAmiOpenApi(this IServiceCollection services)
    {
        // The API's enums are kebab-case strings and its numbers JSON numbers (AmiJson); the schemas say so. Only the
        // schemas read these options: every handler writes with AmiJson.Options itself.
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        services.AddOpenApi(DocumentName, o =>
        {
            o.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            o.AddSchemaTransformer(OpenApiTransformers.WireSchemaAsync);
            o.AddOperationTransformer(OpenApiTransformers.OperationAsync);
            o.AddDocumentTransformer(OpenApiTransformers.DocumentAsync);
        });
        return services;
    }

    /// <summary>The document as JSON, the same text the route serves and the build writes.</summary>
    public static async Task<string> WriteAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var provider = services.GetRequiredKeyedService<IOpenApiDocumentProvider>(DocumentName);
        var document = await provider.GetOpenApiDocumentAsync(cancellationToken);
        return await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, cancellationToken);
    }

    /// <summary>
    /// Runs the app for the build's document generator only: the routes and their metadata, no storage, no
    /// engine, no timers (the generator replaces the server and stops the app once it has the document).
    /// </summary>
    public static async Task RunForDocumentGenerationAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Ami:StaffKey"] = "openapi",
            ["Ami:LinkKeys:Current"] = Convert.ToBase64String(new byte[32]),
            ["SendGrid:ApiKey"] = "openapi",
        });
        using var engine = Grpc.Net.Client.GrpcChannel.ForAddress("http://127.0.0.1:9"); // never called
        builder.Services.AddAmiWorkflow(builder.Configuration);
        builder.Services.RemoveAll<IHostedService>(); // storage initialisation and the like: nothing runs
        builder.Services.AddDurableTaskClient(client => client.UseGrpc(engine));
        builder.Services.AddAmiOpenApi();
        var app = builder.Build();
        app.MapAmiApi();
        await app.RunAsync();
    }
}
