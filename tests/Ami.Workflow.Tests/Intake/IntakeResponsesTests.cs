using System.Text;
using System.Text.Json.Nodes;
using Ami.Domain.Validation;
using Ami.Workflow.Http;
using Ami.Workflow.Intake;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Ami.Workflow.Tests.Intake;

/// <summary>What the API answers for each result of the intake: the refusal's code is the problem's, with its status and headers.</summary>
public sealed class IntakeResponsesTests
{
    private static readonly FieldError[] Errors = [new("dossier.holder.name", "required", "Le nom du porteur est obligatoire.")];

    /// <summary>Every refusal the intake can give, with the status the API contract gives it.</summary>
    public static TheoryData<IntakeResult.Refused, int> Refusals() => new()
    {
        { new IntakeResult.CampaignNotFound(), 404 },
        { new IntakeResult.DossierNotFound(), 404 },
        { new IntakeResult.NotMultipart(), 415 },
        { new IntakeResult.IdempotencyKeyInvalid(), 400 },
        { new IntakeResult.IdempotencyKeyReused(), 422 },
        { new IntakeResult.RequestInProgress(), 409 },
        { new IntakeResult.CampaignNotOpen(new DateTimeOffset(2015, 4, 1, 8, 0, 0, TimeSpan.FromHours(2))), 409 },
        { new IntakeResult.DeadlinePassed(new DateTimeOffset(2015, 5, 29, 23, 59, 59, TimeSpan.FromHours(2))), 409 },
        { new IntakeResult.NotWaiting(), 409 },
        { new IntakeResult.TooLarge("file-too-large", "Un fichier dépasse 10 Mo.", "files[0]"), 413 },
        { new IntakeResult.MalformedUpload(), 400 },
        { new IntakeResult.UnsupportedFileType(Errors), 415 },
        { new IntakeResult.Invalid(Errors), 400 },
        { new IntakeResult.Unavailable(), 503 },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Refusal_IsAProblemWithItsCodeAndStatus(IntakeResult.Refused refusal, int status)
    {
        var (actual, contentType, headers, body) = await RunAsync(refusal);

        Assert.Equal(status, actual);
        Assert.StartsWith("application/problem+json", contentType, StringComparison.Ordinal);
        Assert.Equal(refusal.Code, body["code"]!.GetValue<string>());
        Assert.Equal(status, body["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(body["detail"]!.GetValue<string>()));
        Assert.Equal(refusal is IntakeResult.RequestInProgress or IntakeResult.Unavailable, headers.ContainsKey("Retry-After"));
        if (refusal is IntakeResult.Invalid or IntakeResult.UnsupportedFileType or IntakeResult.TooLarge)
        {
            Assert.NotEmpty(body["errors"]!.AsArray());
        }
    }

    [Fact]
    public void EveryRefusalOfTheIntake_HasItsResponseTested()
    {
        var tested = Refusals().Select(row => row[0].GetType()).ToHashSet();
        var all = typeof(IntakeResult).GetNestedTypes().Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(IntakeResult.Refused)));

        Assert.All(all, t => Assert.Contains(t, tested));
    }

    [Fact]
    public async Task Filed_201WithItsLocation_Replayed_MarkedAndWithLocationOnlyForAFiling()
    {
        var filed = await RunAsync(new IntakeResult.Filed(new SubmissionResponse("c-1-abc", "AMI-2015-0001", "submitted", "token")));
        Assert.Equal(201, filed.Status);
        Assert.Equal("/api/dossiers/c-1-abc", filed.Headers["Location"]);
        Assert.Equal("token", filed.Body["accessToken"]!.GetValue<string>());

        var replayedFiling = await RunAsync(new IntakeResult.Replayed(true, "c-1-abc", new JsonObject { ["dossierId"] = "c-1-abc", ["replayed"] = true }));
        Assert.Equal(201, replayedFiling.Status);
        Assert.Equal("true", replayedFiling.Headers["Idempotent-Replayed"]);
        Assert.Equal("/api/dossiers/c-1-abc", replayedFiling.Headers["Location"]);

        var replayedReplacement = await RunAsync(new IntakeResult.Replayed(false, "c-1-abc", new JsonObject { ["dossierId"] = "c-1-abc", ["replayed"] = true }));
        Assert.Equal(200, replayedReplacement.Status);
        Assert.Equal("true", replayedReplacement.Headers["Idempotent-Replayed"]);
        Assert.False(replayedReplacement.Headers.ContainsKey("Location"));

        var replaced = await RunAsync(new IntakeResult.Replaced(new SubmissionResponse("c-1-abc", "AMI-2015-0001", "submitted", null)));
        Assert.Equal(200, replaced.Status);
        Assert.False(replaced.Body.ContainsKey("accessToken"));
    }

    private static async Task<(int Status, string ContentType, IHeaderDictionary Headers, JsonObject Body)> RunAsync(IntakeResult result)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        var body = new MemoryStream();
        context.Response.Body = body;
        await IntakeResponses.ToResponse(result).ExecuteAsync(context);
        return (context.Response.StatusCode, context.Response.ContentType ?? "", context.Response.Headers, JsonNode.Parse(Encoding.UTF8.GetString(body.ToArray()))!.AsObject());
    }
}
