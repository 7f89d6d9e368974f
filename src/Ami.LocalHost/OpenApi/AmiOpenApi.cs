using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Ami.Domain.Campaigns;
using Ami.Domain.Money;
using Ami.Workflow;
using Ami.Workflow.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.OpenApi;
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
            o.AddSchemaTransformer(WireSchemaAsync);
            o.AddOperationTransformer(OperationAsync);
            o.AddDocumentTransformer(DocumentAsync);
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

    private static Task WireSchemaAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        var nullable = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) is not null ? JsonSchemaType.Null : 0;
        // AmiJson leaves out null members: a nullable member is never required.
        if (schema.Required is { Count: > 0 } required && schema.Properties is { } properties)
        {
            foreach (var name in required.Where(name => properties.TryGetValue(name, out var p) && IsNullable(p)).ToList())
            {
                required.Remove(name);
            }
        }

        if (type == typeof(Euros))
        {
            schema.Type = JsonSchemaType.Number | nullable;
            schema.MultipleOf = 0.01m;
            schema.Description ??= "Montant en euros, au centime (deux décimales au plus).";
        }
        else if (type == typeof(IsoDuration))
        {
            schema.Type = JsonSchemaType.String | nullable;
            schema.Pattern = "^P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+S)?)?$";
            schema.Description ??= "Durée ISO 8601 : P12M, P30D, PT20S.";
        }
        else if (type == typeof(CampaignDeadline))
        {
            schema.Type = JsonSchemaType.String | nullable;
            schema.Description ??= "Date limite : un jour (AAAA-MM-JJ, jusqu'à 23:59:59 heure de Paris) ou le dernier instant accepté, avec son décalage.";
        }

        return Task.CompletedTask;
    }

    private static async Task OperationAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var document = context.Document!;

        var credential = metadata.OfType<CredentialMetadata>().LastOrDefault()?.Credential
            ?? (metadata.OfType<StaffOnlyMetadata>().Any() ? ApiCredential.Staff : ApiCredential.None);
        operation.Security = credential switch
        {
            ApiCredential.Holder => [Requirement(document, HolderScheme)],
            ApiCredential.Staff => [Requirement(document, StaffHeaderScheme), Requirement(document, StaffQueryScheme)],
            ApiCredential.HolderOrStaff => [Requirement(document, HolderScheme), Requirement(document, StaffHeaderScheme), Requirement(document, StaffQueryScheme)],
            _ => null,
        };
        operation.Responses ??= [];
        if (credential == ApiCredential.Staff)
        {
            operation.Responses["401"] = new OpenApiResponse { Description = "Clé staff absente ou fausse (le corps est vide sous Azure Functions)." };
        }

        foreach (var problem in metadata.OfType<ProblemCodesMetadata>())
        {
            if (operation.Responses.TryGetValue(Status(problem.Status), out var answer) && answer is OpenApiResponse response
                && response.Content?.TryGetValue(ApiDocs.ProblemJson, out var media) == true)
            {
                media.Schema = new OpenApiSchema
                {
                    AllOf =
                    [
                        new OpenApiSchemaReference(nameof(ProblemDocument), document),
                        new OpenApiSchema
                        {
                            Properties = new Dictionary<string, IOpenApiSchema>
                            {
                                ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. problem.Codes.Select(c => (JsonNode)JsonValue.Create(c))] },
                            },
                        },
                    ],
                };
                response.Description = $"{response.Description} — code : {string.Join(", ", problem.Codes)}";
            }
        }

        if (metadata.OfType<MultipartMetadata>().LastOrDefault() is { } multipart)
        {
            var properties = new Dictionary<string, IOpenApiSchema>();
            var encoding = new Dictionary<string, OpenApiEncoding>();
            foreach (var part in multipart.Parts)
            {
                IOpenApiSchema schema;
                if (part.JsonType is { } jsonType)
                {
                    var name = jsonType.Name;
                    if (document.Components?.Schemas?.ContainsKey(name) != true)
                    {
                        document.AddComponent(name, await context.GetOrCreateSchemaAsync(jsonType, null, cancellationToken));
                    }

                    schema = new OpenApiSchemaReference(name, document);
                    encoding[part.Name] = new OpenApiEncoding { ContentType = ApiDocs.Json };
                }
                else
                {
                    var file = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = part.Description };
                    schema = part.Many ? new OpenApiSchema { Type = JsonSchemaType.Array, Items = file, Description = part.Description } : file;
                }

                properties[part.Name] = schema;
            }

            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [ApiDocs.MultipartForm] = new OpenApiMediaType
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Properties = properties,
                            Required = new HashSet<string>(multipart.Parts.Where(p => p.Required).Select(p => p.Name)),
                        },
                        Encoding = encoding,
                    },
                },
            };
        }

        foreach (var extra in metadata.OfType<TextContentMetadata>())
        {
            if (operation.Responses.TryGetValue(Status(extra.Status), out var answer) && answer is OpenApiResponse response)
            {
                response.Content ??= new Dictionary<string, OpenApiMediaType>();
                response.Content[extra.ContentType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = extra.Description } };
            }
        }

        foreach (var example in metadata.OfType<ExampleMetadata>())
        {
            var content = example.Status is { } status
                ? (operation.Responses.TryGetValue(Status(status), out var r) ? r.Content : null)
                : operation.RequestBody?.Content;
            if (content is null || !content.TryGetValue(example.ContentType, out var media))
            {
                throw new InvalidOperationException($"{operation.OperationId}: example « {example.Name} » for {example.Status?.ToString(CultureInfo.InvariantCulture) ?? "the request"} {example.ContentType}, which the route does not declare.");
            }

            media.Examples ??= new Dictionary<string, IOpenApiExample>();
            media.Examples[example.Name] = new OpenApiExample { Summary = example.Summary, Value = example.Value.DeepClone() };
        }
    }

    private static Task DocumentAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "AmiFunctions — AMI Innovation sociale",
            Version = "1.0",
            Description = "The HTTP API of the Région's call for social-innovation projects (AMI): holders file and follow their "
                + "dossiers, staff, jurors, the jury's president and the CP secretariat decide through signed links mailed to them, "
                + "staff list dossiers and campaigns. Errors are RFC 9457 problem+json with a French title and detail, a stable "
                + "`code`, and for bad input an `errors` array listing every field error at once. docs/api.md tells the rules.",
        };
        document.Servers = [];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [HolderScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The holder's access token, given once in the answer to the filing (201).",
            },
            [StaffHeaderScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "x-functions-key",
                Description = "A function key in Azure; Ami:StaffKey on the local host (printed by ./run.sh).",
            },
            [StaffQueryScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Query,
                Name = "code",
                Description = "The same staff key, as a query parameter.",
            },
        };
        return Task.CompletedTask;
    }

    private static bool IsNullable(IOpenApiSchema schema) =>
        (schema.Type is { } t && t.HasFlag(JsonSchemaType.Null)) || schema.OneOf?.Any(o => o.Type == JsonSchemaType.Null) == true;

    private static OpenApiSecurityRequirement Requirement(OpenApiDocument document, string scheme) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };

    private static string Status(int status) => status.ToString(CultureInfo.InvariantCulture);
}
