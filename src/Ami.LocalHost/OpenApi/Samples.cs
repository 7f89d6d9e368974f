using System.Text.Json.Nodes;

namespace Ami.LocalHost.OpenApi;

/// <summary>
/// The repository's <c>samples/</c> and <c>campaigns/</c> JSON files, embedded in this assembly at build, so that
/// the OpenAPI document's examples are the very files the README, <c>samples/ami.http</c> and the tests send.
/// </summary>
public static class Samples
{
    /// <summary>The JSON of <paramref name="path"/> (e.g. <c>samples/dossier.json</c>), a fresh node each time.</summary>
    public static JsonNode Json(string path)
    {
        using var stream = typeof(Samples).Assembly.GetManifestResourceStream(path)
            ?? throw new InvalidOperationException($"{path} is not embedded in Ami.LocalHost (see its .csproj).");
        return JsonNode.Parse(stream) ?? throw new InvalidOperationException(path + " is empty.");
    }
}
