using System.Globalization;
using System.Text.Json.Nodes;
using Ami.Domain.Campaigns;
using Ami.Domain.Money;
using Ami.Workflow.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ami.LocalHost.OpenApi;

/// <summary>What the generator cannot see by itself, added to the document it makes from the routes.</summary>
internal static class OpenApiTransformers
{
    /// <summary>The wire shape of the types with a JSON converter (money, durations, deadlines); nulls never required.</summary>
    public static Task WireSchemaAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
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

    /// <summary>Credentials, problem codes, multipart bodies, text answers and examples, from the route's metadata.</summary>
    public static async Task OperationAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var document = context.Document!;

        var credential = metadata.OfType<CredentialMetadata>().LastOrDefault()?.Credential
            ?? (metadata.OfType<StaffOnlyMetadata>().Any() ? ApiCredential.Staff : ApiCredential.None);
        operation.Security = credential switch
        {
            ApiCredential.Holder => [Requirement(document, AmiOpenApi.HolderScheme)],
            ApiCredential.Staff => [Requirement(document, AmiOpenApi.StaffHeaderScheme), Requirement(document, AmiOpenApi.StaffQueryScheme)],
            ApiCredential.HolderOrStaff => [Requirement(document, AmiOpenApi.HolderScheme), Requirement(document, AmiOpenApi.StaffHeaderScheme), Requirement(document, AmiOpenApi.StaffQueryScheme)],
            _ => null,
        };
        operation.Responses ??= [];
        if (credential == ApiCredential.Staff)
        {
            operation.Responses["401"] = new OpenApiResponse { Description = "Ni clé staff ni personne connectée : code `staff-key-required`." };
            operation.Responses["403"] = new OpenApiResponse { Description = "Une personne connectée sans le rôle de la route : code `staff-role-required`." };
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

    /// <summary>The document's description, no server (the hosts' addresses vary), the security schemes.</summary>
    public static Task DocumentAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
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
            [AmiOpenApi.HolderScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The holder's access token, given once in the answer to the filing (201).",
            },
            [AmiOpenApi.StaffHeaderScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "x-functions-key",
                Description = "The staff key, Ami:StaffKey, in both hosts (Key Vault secret staff-key in Azure; printed by ./run.sh locally). People sign in instead (Entra ID in Azure, /connexion locally).",
            },
            [AmiOpenApi.StaffQueryScheme] = new OpenApiSecurityScheme
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
