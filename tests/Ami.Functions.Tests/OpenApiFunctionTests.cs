using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;

namespace Ami.Functions.Tests;

/// <summary>Ami.Functions serves <c>GET /api/openapi.json</c> from docs/openapi.json, embedded at build.</summary>
public sealed class OpenApiFunctionTests
{
    [Fact]
    public void EmbeddedDocument_IsTheCommittedDocsOpenApiJson()
    {
        var dir = typeof(OpenApiFunctionTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FunctionsOutputDir").Value!;
        var context = new AssemblyLoadContext("ami-functions-resources", isCollectible: true);
        try
        {
            var functions = context.LoadFromAssemblyPath(Path.GetFullPath(Path.Combine(dir, "Ami.Functions.dll")));
            using var embedded = functions.GetManifestResourceStream("docs/openapi.json");
            Assert.NotNull(embedded);
            using var served = JsonDocument.Parse(embedded);
            using var committed = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(dir), "docs", "openapi.json")));

            Assert.True(JsonElement.DeepEquals(served.RootElement, committed.RootElement), "Ami.Functions embeds another docs/openapi.json: rebuild it.");
            Assert.True(served.RootElement.GetProperty("paths").TryGetProperty("/api/campaigns/{campaignId}/dossiers", out _));
        }
        finally
        {
            context.Unload();
        }
    }

    private static string RepositoryRoot(string start)
    {
        for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "AmiFunctions.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("AmiFunctions.sln not found above " + start);
    }
}
