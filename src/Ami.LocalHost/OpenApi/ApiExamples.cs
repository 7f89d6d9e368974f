using System.Text.Json;
using System.Text.Json.Nodes;
using Ami.Domain.Campaigns;
using Ami.Domain.Dossiers;
using Ami.Domain.Json;

namespace Ami.LocalHost.OpenApi;

/// <summary>The examples of the OpenAPI document that are not a file of <c>samples/</c> as it is.</summary>
public static class ApiExamples
{
    /// <summary>An id as the intake makes them (campaign id, a dot, 32 hex digits).</summary>
    public const string DossierId = "ami-is-2015.6f1c0d4e9b2a47c3a5e8d7f60b1c2a39";

    public static readonly FormPart[] DossierParts =
    [
        new("dossier", "The dossier: the 11 sections of the call's §5.", Required: true, JsonType: typeof(DossierSubmission)),
        new("statutes", "The holder's statutes.", Required: true),
        new("annual-accounts", "The last annual accounts (not for a user collective).", Required: false),
        new("annex", "Any other document (as many parts as needed).", Required: false, Many: true),
    ];

    public static JsonObject DossierUpload() => new()
    {
        ["dossier"] = Samples.Json("samples/dossier.json"),
        ["statutes"] = "statuts.pdf",
        ["annual-accounts"] = "comptes.pdf",
    };

    public static JsonObject Submitted(string status) => new()
    {
        ["dossierId"] = DossierId,
        ["reference"] = "AMI-IS-2015-0001",
        ["status"] = status,
        ["accessToken"] = "q8V0l3nO2mJ6cX1tR4yB7eK9wA5sD0fH3gZ6uP8iL2o",
    };

    /// <summary>The campaign of <paramref name="path"/> as the API answers it: read by the domain, defaults filled in.</summary>
    public static JsonNode StoredCampaign(string path)
    {
        var (campaign, errors) = CampaignJson.Parse(Samples.Json(path).ToJsonString());
        return campaign is null
            ? throw new InvalidOperationException($"{path}: {string.Join("; ", errors.Select(e => e.Field + " " + e.Code))}")
            : JsonNode.Parse(JsonSerializer.Serialize(campaign, AmiJson.Options))!;
    }

    public static RouteHandlerBuilder ActionExample(this RouteHandlerBuilder builder, string name, string summary, string step) =>
        builder.RequestExample(name, $"samples/actions/{step}.json", Samples.Json($"samples/actions/{step}.json"))
            .AnswerExample(StatusCodes.Status200OK, name, summary, new JsonObject
            {
                ["dossierId"] = DossierId,
                ["step"] = step,
                ["decision"] = Samples.Json($"samples/actions/{step}.json")["decision"]!.GetValue<string>(),
            });
}
