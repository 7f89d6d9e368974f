using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Ami.Functions.Http;

/// <summary>
/// <c>GET /api/openapi.json</c>: the API's OpenAPI 3.1 document, <c>docs/openapi.json</c> embedded at build. It
/// is generated from the local host's routes (the same routes as these functions, by the route-parity test).
/// </summary>
public sealed class OpenApiFunction
{
    private static readonly Lazy<byte[]> Document = new(() =>
    {
        using var stream = typeof(OpenApiFunction).Assembly.GetManifestResourceStream("docs/openapi.json")
            ?? throw new InvalidOperationException("docs/openapi.json is not embedded in Ami.Functions.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    [Function("OpenApi")]
    public IResult Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/openapi.json")] HttpRequest req) =>
        Results.Bytes(Document.Value, "application/json; charset=utf-8");
}
