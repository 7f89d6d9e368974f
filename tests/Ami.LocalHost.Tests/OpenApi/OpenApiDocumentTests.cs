using System.Text.Json.Nodes;
using Ami.Testing;

namespace Ami.LocalHost.Tests.OpenApi;

/// <summary>
/// docs/openapi.json is the document the build generates from the routes, it tells each route's credentials and
/// problem codes, and every example in it is valid against its schema. (OpenApiReplayTests checks that the running
/// host serves the same document and that each example request gets its documented status.)
/// </summary>
public sealed class OpenApiDocumentTests
{
    private const string Regenerate = "docs/openapi.json differs from the document generated from the routes: run scripts/openapi.sh and commit it.";

    [Fact]
    public void CommittedDocument_IsTheOneTheBuildGenerates()
    {
        var built = Path.Combine(LocalHostProcess.OutputDirectory, "openapi.json");
        Assert.True(File.Exists(built), $"{built} is missing: the build of Ami.LocalHost writes it (Microsoft.Extensions.ApiDescription.Server).");

        Assert.True(JsonNode.DeepEquals(OpenApiSpec.Parse(File.ReadAllText(built)).Root, OpenApiSpec.Committed().Root), Regenerate);
    }

    [Fact]
    public void Document_TellsCredentialsAndProblemCodesOfEachRoute()
    {
        var spec = OpenApiSpec.Committed();

        static string Schemes(JsonObject op) => string.Join("|", op["security"]?.AsArray().Select(r => string.Join("+", r!.AsObject().Select(s => s.Key))) ?? []);
        Assert.Equal("staffKey|staffKeyQuery", Schemes(spec.Operation("listDossiers")));
        Assert.Equal("holderToken", Schemes(spec.Operation("declareStart")));
        Assert.Equal("holderToken|staffKey|staffKeyQuery", Schemes(spec.Operation("getDossier")));
        Assert.Equal("", Schemes(spec.Operation("submitDossier")));
        Assert.Equal("bearer", (string?)spec.Root["components"]!["securitySchemes"]!["holderToken"]!["scheme"]);
        Assert.Equal("x-functions-key", (string?)spec.Root["components"]!["securitySchemes"]!["staffKey"]!["name"]);

        var conflict = spec.ResponseSchema("submitDossier", 409, "application/problem+json");
        var codes = conflict["allOf"]![1]!["properties"]!["code"]!["enum"]!.AsArray().Select(c => (string?)c);
        Assert.Equal(["campaign-not-open", "deadline-passed", "request-in-progress"], codes);
        Assert.Equal("#/components/schemas/ProblemDocument", (string?)conflict["allOf"]![0]!["$ref"]);
        Assert.NotNull(spec.Operation("listCampaigns")["responses"]!["401"]);
    }

    [Fact]
    public void EveryExample_IsValidAgainstItsSchema()
    {
        var spec = OpenApiSpec.Committed();
        var examples = spec.Examples().ToList();

        var problems = examples.SelectMany(e => spec.Validate(e.Schema, e.Value).Select(p => $"{e.Where}: {p}")).ToList();

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(examples.Count >= 18, $"{examples.Count} examples only");
        Assert.Contains(examples, e => e.OperationId == "submitDossier" && e.Status is null);
        Assert.Contains(examples, e => e.OperationId == "handInBilan" && e.Status is null);
    }

    [Fact]
    public void SchemaValidation_RefusesExamplesThatBreakTheirSchema()
    {
        var spec = OpenApiSpec.Committed();
        var score = spec.Examples().Single(e => e.OperationId == "decideAction" && e.Name == "jury-score" && e.Status is null);
        var dossier = spec.Examples().Single(e => e.OperationId == "submitDossier" && e.Name == "sample" && e.Status is null);

        var badScore = score.Value.DeepClone();
        badScore["scores"]!["research"] = "trois";
        var badDossier = dossier.Value.DeepClone();
        badDossier["dossier"]!["budget"]!["requestedAmount"] = "30 000 €";
        badDossier["dossier"]!["action"]!["category"] = "culture";
        badDossier.AsObject().Remove("statutes");

        Assert.Contains(spec.Validate(score.Schema, badScore), p => p.StartsWith("/scores/research", StringComparison.Ordinal));
        var dossierProblems = spec.Validate(dossier.Schema, badDossier);
        Assert.Contains(dossierProblems, p => p.StartsWith("/dossier/budget/requestedAmount", StringComparison.Ordinal));
        Assert.Contains(dossierProblems, p => p.StartsWith("/dossier/action/category", StringComparison.Ordinal));
        Assert.Contains(dossierProblems, p => p.Contains("statutes", StringComparison.Ordinal));
    }

    [Fact]
    public void AmiHttp_SendsEveryRouteOfTheDocument()
    {
        var lines = File.ReadAllLines(Path.Combine(TestFiles.RepositoryRoot, "samples", "ami.http"));
        var sent = lines
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^(GET|POST|PUT|DELETE) \{\{base\}\}(\S+)$"))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value + " " + System.Text.RegularExpressions.Regex.Replace(
                m.Groups[2].Value.Split('?')[0].Replace("{{campaignId}}", "{campaignId}", StringComparison.Ordinal).Replace("{{dossierId}}", "{dossierId}", StringComparison.Ordinal),
                @"^\{\{\w+Link\}\}$", "/api/actions/{token}"))
            .ToHashSet(StringComparer.Ordinal);

        var routes = OpenApiSpec.Committed().Operations().Select(o => $"{o.Method} {o.Path}").ToList();

        var missing = routes.Where(r => !sent.Contains(r)).ToList();
        Assert.True(missing.Count == 0, "samples/ami.http does not send: " + string.Join(", ", missing));
        Assert.Contains("GET /api/openapi.json", sent);
    }
}
