using System.Text.Json.Nodes;
using Ami.Workflow.Http;

namespace Ami.LocalHost.OpenApi;

/// <summary>Who may call a route, as the OpenAPI document says it (its security requirement).</summary>
public enum ApiCredential
{
    /// <summary>Anyone (no credential).</summary>
    None,

    /// <summary>The holder's access token (<c>Authorization: Bearer</c>).</summary>
    Holder,

    /// <summary>The holder's access token or the staff key.</summary>
    HolderOrStaff,

    /// <summary>The staff key (<c>x-functions-key</c> header or <c>code</c> query).</summary>
    Staff,

    /// <summary>The signed token in the path of a mailed link is the credential.</summary>
    Link,
}

/// <summary>The problem <c>code</c> values a route answers with one status.</summary>
public sealed record ProblemCodesMetadata(int Status, IReadOnlyList<string> Codes);

/// <summary>The credential a route takes.</summary>
public sealed record CredentialMetadata(ApiCredential Credential);

/// <summary>One part of a <c>multipart/form-data</c> request: a JSON part (<see cref="JsonType"/>) or a file.</summary>
public sealed record FormPart(string Name, string Description, bool Required, Type? JsonType = null, bool Many = false);

/// <summary>One more content type of an answer, as text (CSV, HTML), beside its JSON.</summary>
public sealed record TextContentMetadata(int Status, string ContentType, string Description);

/// <summary>A route that takes <c>multipart/form-data</c> with these parts.</summary>
public sealed record MultipartMetadata(IReadOnlyList<FormPart> Parts);

/// <summary>
/// An example of a request (<see cref="Status"/> null) or of an answer with <see cref="Status"/>. A request
/// example and the answer example of the same <see cref="Name"/> go together: sending the one gets the other's status.
/// </summary>
public sealed record ExampleMetadata(string Name, string Summary, string ContentType, JsonNode Value, int? Status = null);

/// <summary>The OpenAPI description of a route, written next to its mapping in <see cref="ApiRoutes"/>.</summary>
public static class ApiDocs
{
    public const string Json = "application/json";
    public const string ProblemJson = "application/problem+json";
    public const string MultipartForm = "multipart/form-data";
    public const string Form = "application/x-www-form-urlencoded";

    /// <summary>Operation id, tag, summary and description.</summary>
    public static RouteHandlerBuilder Describe(this RouteHandlerBuilder builder, string operationId, string tag, string summary, string description) =>
        builder.WithName(operationId).WithTags(tag).WithSummary(summary).WithDescription(description);

    public static RouteHandlerBuilder Credential(this RouteHandlerBuilder builder, ApiCredential credential) =>
        builder.WithMetadata(new CredentialMetadata(credential));

    /// <summary>A problem+json answer with <paramref name="status"/> and the <c>code</c> values it can carry.</summary>
    public static RouteHandlerBuilder Fails(this RouteHandlerBuilder builder, int status, params string[] codes) =>
        builder.Produces<ProblemDocument>(status, ProblemJson).WithMetadata(new ProblemCodesMetadata(status, codes));

    public static RouteHandlerBuilder Multipart(this RouteHandlerBuilder builder, params FormPart[] parts) =>
        builder.WithMetadata(new MultipartMetadata(parts));

    /// <summary>The answer <paramref name="status"/> can also be text of <paramref name="contentType"/> (after its JSON <c>Produces</c>).</summary>
    public static RouteHandlerBuilder AlsoText(this RouteHandlerBuilder builder, int status, string contentType, string description) =>
        builder.WithMetadata(new TextContentMetadata(status, contentType, description));

    public static RouteHandlerBuilder RequestExample(this RouteHandlerBuilder builder, string name, string summary, JsonNode value, string contentType = Json) =>
        builder.WithMetadata(new ExampleMetadata(name, summary, contentType, value));

    public static RouteHandlerBuilder AnswerExample(this RouteHandlerBuilder builder, int status, string name, string summary, JsonNode value, string contentType = Json) =>
        builder.WithMetadata(new ExampleMetadata(name, summary, contentType, value, status));
}
