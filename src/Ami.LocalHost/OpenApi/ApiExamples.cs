using System.Text.Json;
using System.Text.Json.Nodes;
using Ami.Domain.Campaigns;
using Ami.Domain.Dossiers;
using Ami.Domain.Json;
using Ami.Workflow.Http;

namespace Ami.LocalHost.OpenApi;

/// <summary>The examples of the OpenAPI document that are not a file of <c>samples/</c> as it is.</summary>
public static class ApiExamples
{
    /// <summary>An id as the intake makes them (the campaign, a dot, 20 random characters).</summary>
    public const string DossierId = "ami-is-2015.k8f3m2q9x7c4v1b6n5z0";

    public static readonly FormPart[] DossierParts =
    [
        new("dossier", "The dossier: the 11 sections of the call's §5.", Required: true, JsonType: typeof(DossierSubmission)),
        new("statutes", "The holder's statutes.", Required: true),
        new("annual-accounts", "The last annual accounts (not for a user collective).", Required: false),
        new("annex", "Any other document (as many parts as needed).", Required: false, Many: true),
    ];

    /// <summary>A filing: the JSON part <paramref name="dossier"/>, and the sample files by name.</summary>
    public static JsonObject DossierUpload(string dossier = "samples/dossier.json") => new()
    {
        ["dossier"] = Samples.Json(dossier),
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

    /// <summary>The campaign as staff read it back: as stored, with the read-only count of its drafts.</summary>
    public static JsonNode ReadCampaign(string path)
    {
        var json = StoredCampaign(path);
        json[CampaignJson.DraftsMember] = new JsonObject { ["unfinished"] = 0, ["filed"] = 0 };
        return json;
    }

    public static RouteHandlerBuilder ActionExample(this RouteHandlerBuilder builder, string step, string summary) =>
        builder.RequestExample(step, $"samples/actions/{step}.json", Samples.Json($"samples/actions/{step}.json"))
            .AnswerExample(StatusCodes.Status200OK, step, summary, new JsonObject
            {
                ["dossierId"] = DossierId,
                ["step"] = step,
                ["decision"] = Samples.Json($"samples/actions/{step}.json")["decision"]!.GetValue<string>(),
            });

    /// <summary>
    /// The answer to <c>samples/dossier-hors-region.json</c> filed on a campaign with the 2015 call's rules: every
    /// field error at once, as the intake answers it (the rules of the domain, the problem of the API).
    /// </summary>
    public static JsonNode OutsideRegionAnswer()
    {
        var campaign = CampaignJson.Parse(Samples.Json("campaigns/ami-is-2015.json").ToJsonString()).Campaign!;
        var (_, errors) = DossierJson.ParseAndCheck(Samples.Json("samples/dossier-hors-region.json").ToJsonString(), campaign);
        return Answer(Problems.Validation(errors));
    }

    /// <summary>The answer to a dossier filed on the 2015 call, closed since 29 May 2015.</summary>
    public static JsonNode LateAnswer()
    {
        var campaign = CampaignJson.Parse(Samples.Json("campaigns/ami-is-2015.json").ToJsonString()).Campaign!;
        return Answer(Problems.DeadlinePassed(campaign.Deadline.LastAcceptedInstant));
    }

    /// <summary>The JSON body an API result writes (run in memory).</summary>
    private static JsonNode Answer(IResult result)
    {
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;
        result.ExecuteAsync(context).GetAwaiter().GetResult();
        return JsonNode.Parse(body.ToArray())!;
    }
}
