using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ami.Testing;
using Json.Schema;

namespace Ami.LocalHost.Tests.OpenApi;

/// <summary>An OpenAPI 3.1 document read as JSON: its operations, their examples, and JSON Schema validation against its schemas.</summary>
internal sealed class OpenApiSpec(JsonObject root)
{
    private static int _schemas;

    public JsonObject Root { get; } = root;

    public static string CommittedPath => Path.Combine(TestFiles.RepositoryRoot, "docs", "openapi.json");

    public static OpenApiSpec Committed() => Parse(File.ReadAllText(CommittedPath));

    public static OpenApiSpec Parse(string json) => new(JsonNode.Parse(json)!.AsObject());

    /// <summary>Every operation: method, path, the operation object.</summary>
    public IEnumerable<(string Method, string Path, JsonObject Operation)> Operations() =>
        Root["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(m => (m.Key.ToUpperInvariant(), p.Key, m.Value!.AsObject())));

    public JsonObject Operation(string operationId) =>
        Operations().Single(o => (string?)o.Operation["operationId"] == operationId).Operation;

    /// <summary>Every example of the document, where it is (for messages), with the schema of its media type.</summary>
    public IEnumerable<Example> Examples()
    {
        foreach (var (method, path, operation) in Operations())
        {
            var id = (string)operation["operationId"]!;
            foreach (var (type, media) in Media(operation["requestBody"]))
            {
                foreach (var (name, example) in media["examples"]?.AsObject() ?? [])
                {
                    yield return new Example(id, $"{method} {path} request {type} « {name} »", name, null, type, media["schema"]!, example!["value"]!);
                }
            }

            foreach (var (status, response) in operation["responses"]?.AsObject() ?? [])
            {
                foreach (var (type, media) in Media(response))
                {
                    foreach (var (name, example) in media["examples"]?.AsObject() ?? [])
                    {
                        yield return new Example(id, $"{method} {path} {status} {type} « {name} »", name, int.Parse(status, CultureInfo.InvariantCulture), type, media["schema"]!, example!["value"]!);
                    }
                }
            }
        }
    }

    /// <summary>The request example <paramref name="name"/> of an operation, and the status of the answer example of the same name.</summary>
    public (JsonNode Value, int Status) RequestExample(string operationId, string name)
    {
        var examples = Examples().Where(e => e.OperationId == operationId && e.Name == name).ToList();
        var request = examples.SingleOrDefault(e => e.Status is null) ?? throw new InvalidOperationException($"{operationId} has no request example « {name} »");
        var answer = examples.SingleOrDefault(e => e.Status is not null) ?? throw new InvalidOperationException($"{operationId} documents no answer to the example « {name} »");
        return (request.Value, answer.Status!.Value);
    }

    /// <summary>The value of the answer example <paramref name="name"/> of an operation.</summary>
    public JsonNode AnswerExample(string operationId, string name) =>
        Examples().Single(e => e.OperationId == operationId && e.Name == name && e.Status is not null).Value;

    /// <summary>The schema of the answer <paramref name="status"/> of an operation in <paramref name="contentType"/>.</summary>
    public JsonNode ResponseSchema(string operationId, int status, string contentType) =>
        Operation(operationId)["responses"]![status.ToString(CultureInfo.InvariantCulture)]!["content"]![contentType]!["schema"]!;

    /// <summary>The problems of <paramref name="instance"/> against <paramref name="schema"/> (a media type's schema of this document); none when valid.</summary>
    public IReadOnlyList<string> Validate(JsonNode schema, JsonNode instance)
    {
        // The document's component schemas become $defs of one JSON Schema 2020-12 document, so that $refs resolve.
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = Root["components"]!["schemas"]!.DeepClone(),
            ["allOf"] = new JsonArray(schema.DeepClone()),
        };
        var text = root.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        var baseUri = new Uri($"https://ami.test/schemas/{Interlocked.Increment(ref _schemas)}");
        var compiled = JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() }, baseUri);
        using var document = JsonDocument.Parse(instance.ToJsonString());
        var results = compiled.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid
            ? []
            : [.. (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value} ({d.EvaluationPath})"))];
    }

    private static IEnumerable<(string Type, JsonObject Media)> Media(JsonNode? holder) =>
        holder?["content"]?.AsObject().Select(c => (c.Key, c.Value!.AsObject())) ?? [];

    public sealed record Example(string OperationId, string Where, string Name, int? Status, string ContentType, JsonNode Schema, JsonNode Value);
}
