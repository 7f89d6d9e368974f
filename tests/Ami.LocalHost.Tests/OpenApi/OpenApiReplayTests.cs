using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Ami.LocalHost.Tests.EndToEnd;
using Ami.Testing;
using Xunit.Abstractions;
using static Ami.LocalHost.Tests.EndToEnd.TestCampaigns;

namespace Ami.LocalHost.Tests.OpenApi;

/// <summary>
/// The OpenAPI document against the running local host (a process on Azurite): it serves the committed document,
/// and every example request of it, sent in the order of a journey, gets the status the document gives for it,
/// with an answer valid against the documented schema.
/// </summary>
[Collection(EndToEndJourneyCollection.Name)]
public sealed class OpenApiReplayTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const string Json = "application/json";

    [Fact]
    public async Task EveryExampleRequest_ReplayedOnTheLocalHost_GetsItsDocumentedStatus()
    {
        var spec = OpenApiSpec.Committed();
        await using var site = await AmiSite.StartAsync(azurite.ConnectionString, "oas");
        site.Log = output.WriteLine;
        var replay = new Replayer(spec, site.Process.Http, site.OutputTail);

        // The host serves the committed document.
        using (var served = await site.Process.Http.GetAsync(new Uri("/api/openapi.json", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.True(JsonNode.DeepEquals(OpenApiSpec.Parse(await served.Content.ReadAsStringAsync()).Root, spec.Root), "GET /api/openapi.json differs from docs/openapi.json");
        }

        // Staff: the 2015 call (the host loaded it at start: replaced), answered as the example shows, and read back.
        var stored = await replay.SendAsync("upsertCampaign", "ami-is-2015", v => StaffRequest(HttpMethod.Post, "/api/campaigns", JsonContent(v)));
        Assert.True(JsonNode.DeepEquals(stored, spec.AnswerExample("upsertCampaign", "ami-is-2015")), "upsertCampaign's answer differs from its example: " + stored);
        using (var read = StaffRequest(HttpMethod.Get, "/api/campaigns/ami-is-2015", null))
        using (var answer = await site.Process.Http.SendAsync(read))
        {
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(await answer.Content.ReadAsStringAsync()), spec.AnswerExample("getCampaign", "ami-is-2015")), "getCampaign's answer differs from its example");
        }

        // A call open now, closing in a few seconds, its waits in seconds (not an example: the journey needs it).
        var campaignId = NewId("oas");
        await site.PostCampaignAsync(InSeconds(campaignId, DateTimeOffset.UtcNow.AddSeconds(20)));

        var filed = await replay.SendAsync("submitDossier", "sample", v => new HttpRequestMessage(HttpMethod.Post, $"/api/campaigns/{campaignId}/dossiers") { Content = Multipart(v) });
        var dossier = new FiledDossier((string)filed["dossierId"]!, (string)filed["reference"]!, (string)filed["accessToken"]!);

        // Refusals, answered word for word as the examples show: every problem of a dossier at once; a late filing.
        var refused = await replay.SendAsync("submitDossier", "outside-region", v => new HttpRequestMessage(HttpMethod.Post, $"/api/campaigns/{campaignId}/dossiers") { Content = Multipart(v) });
        Assert.True(JsonNode.DeepEquals(refused, spec.AnswerExample("submitDossier", "outside-region")), "the refusal differs from its example: " + refused);
        var late = await replay.SendAsync("submitDossier", "late", v => new HttpRequestMessage(HttpMethod.Post, "/api/campaigns/ami-is-2015/dossiers") { Content = Multipart(v) });
        Assert.True(JsonNode.DeepEquals(late, spec.AnswerExample("submitDossier", "late")), "the late filing's answer differs from its example: " + late);

        await DecideAsync(site, replay, Staff, "validation-request", dossier, "validation");
        await site.WaitForStatusAsync(dossier, "eligible");
        await DecideAsync(site, replay, Juror1, "jury-invitation", dossier, "jury-score", TimeSpan.FromSeconds(90));
        await DecideAsync(site, replay, Juror2, "jury-invitation", dossier, "jury-score");
        await DecideAsync(site, replay, President, "jury-opinion-request", dossier, "jury-opinion");
        await DecideAsync(site, replay, CpSecretariat, "cp-decision-request", dossier, "cp-decision");
        await site.WaitForStatusAsync(dossier, "granted");

        await replay.SendAsync("declareStart", "sample", v => Holder(dossier, "start", JsonContent(v)), retryWhileNotWaiting: true);
        await site.WaitForStatusAsync(dossier, "started");
        await replay.SendAsync("handInBilan", "sample", v => Holder(dossier, "bilan", Multipart(v)), retryWhileNotWaiting: true);
        await DecideAsync(site, replay, Staff, "bilan-validation-request", dossier, "bilan-validation");
        var closed = await site.WaitForStatusAsync(dossier, "closed");
        Assert.Empty(spec.Validate(spec.ResponseSchema("getDossier", 200, Json), JsonNode.Parse(closed.GetRawText())!));

        var documented = spec.Examples().Where(e => e.Status is null).Select(e => $"{e.OperationId} « {e.Name} »").Order(StringComparer.Ordinal);
        Assert.Equal(documented, replay.Replayed.Distinct().Order(StringComparer.Ordinal));
    }

    /// <summary>Opens the link of the mail (its page, as the person does), then posts the example as JSON.</summary>
    private static async Task DecideAsync(AmiSite site, Replayer replay, string to, string mailKind, FiledDossier dossier, string example, TimeSpan? timeout = null)
    {
        var mail = await site.WaitForMailAsync(to, mailKind, dossier.Id, timeout);
        var form = await site.OpenLinkAsync(mail.ActionLink(AmiSite.PublicBaseUrl));
        var answer = await replay.SendAsync("decideAction", example, v => new HttpRequestMessage(HttpMethod.Post, form.Address) { Content = JsonContent(v) });
        Assert.Equal(dossier.Id, (string?)answer["dossierId"]);
    }

    private static HttpRequestMessage StaffRequest(HttpMethod method, string path, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        request.Headers.Add("x-functions-key", LocalHostProcess.TestStaffKey);
        return request;
    }

    private static HttpRequestMessage Holder(FiledDossier dossier, string move, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/dossiers/{dossier.Id}/{move}", UriKind.Relative)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", dossier.AccessToken);
        return request;
    }

    private static StringContent JsonContent(JsonNode value) => new(value.ToJsonString(), Encoding.UTF8, Json);

    /// <summary>A multipart example: an object member is a JSON part, a string names a file of samples/.</summary>
    private static MultipartFormDataContent Multipart(JsonNode value)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, part) in value.AsObject())
        {
            if (part is JsonObject json)
            {
                form.Add(JsonContent(json), name);
            }
            else
            {
                var file = new ByteArrayContent(File.ReadAllBytes(Path.Combine(TestFiles.RepositoryRoot, "samples", (string)part!)));
                file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
                form.Add(file, name, (string)part!);
            }
        }

        return form;
    }

    /// <summary>Sends example requests and checks each answer's status and body against the document.</summary>
    private sealed class Replayer(OpenApiSpec spec, HttpClient http, Func<string> context)
    {
        public List<string> Replayed { get; } = [];

        public async Task<JsonNode> SendAsync(string operationId, string example, Func<JsonNode, HttpRequestMessage> request, bool retryWhileNotWaiting = false)
        {
            var (value, status) = spec.RequestExample(operationId, example);
            var body = await Eventually.GetAsync($"{operationId} « {example} » to get {status}", async () =>
            {
                using var message = request(value.DeepClone());
                using var response = await http.SendAsync(message);
                var text = await response.Content.ReadAsStringAsync();
                if (retryWhileNotWaiting && response.StatusCode == HttpStatusCode.Conflict && text.Contains("\"not-waiting\"", StringComparison.Ordinal))
                {
                    return (false, default, "409 " + text); // the journey is still finishing the step before
                }

                Assert.True((int)response.StatusCode == status, $"{operationId} « {example} »: documented {status}, answered {(int)response.StatusCode} {text}");
                return (true, (JsonNode.Parse(text)!, response.Content.Headers.ContentType?.MediaType ?? ""), text);
            }, context: context);
            var (json, contentType) = body;
            var problems = spec.Validate(spec.ResponseSchema(operationId, status, contentType), json);
            Assert.True(problems.Count == 0, $"{operationId} « {example} »: the answer does not match its schema: {string.Join("; ", problems)}\n{json}");
            Replayed.Add($"{operationId} « {example} »");
            return json;
        }
    }
}
