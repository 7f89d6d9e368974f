using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ami.Testing;
using static Ami.LocalHost.Tests.EndToEnd.TestCampaigns;

namespace Ami.LocalHost.Tests.EndToEnd;

/// <summary>One local host process for the intake's bad-input tests, started on the collection's Azurite at first use.</summary>
public sealed class IntakeSiteFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AmiSite? _site;

    internal async Task<AmiSite> GetAsync(string connectionString)
    {
        await _gate.WaitAsync();
        try
        {
            return _site ??= await AmiSite.StartAsync(connectionString, "e2eintake");
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_site is not null)
        {
            await _site.DisposeAsync();
        }

        _gate.Dispose();
    }
}

/// <summary>
/// The intake's refusals through the real HTTP stack of the local host process (Kestrel, routing, the staff key,
/// the multipart reader): RFC 9457 problems in French, every field error at once, nothing half-stored.
/// </summary>
[Collection(EndToEndJourneyCollection.Name)]
public sealed class IntakeEndToEndTests(AzuriteFixture azurite, IntakeSiteFixture sites) : IClassFixture<IntakeSiteFixture>
{
    [Fact]
    public async Task Submit_SeveralProblems_400ProblemJsonListingEveryFieldErrorInFrench()
    {
        var (site, campaignId) = await OpenCampaignAsync();
        var json = JsonNode.Parse(TestFiles.SampleDossierJson)!;
        json["holder"]!["type"] = "club";
        json["holder"]!["address"]!["postalCode"] = "75011";
        json["action"]!["stage"] = "commercialisation";
        json["contact"]!["email"] = "jeanne.martin@";

        var (status, problem, contentType, _) = await site.SubmitAsync(campaignId,
            Multipart.Dossier(json.ToJsonString(), [("statutes", "statuts.pdf", TestFiles.StatutesPdf)]));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal("validation-failed", problem.GetProperty("code").GetString());
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal("Le dossier comporte des erreurs", problem.GetProperty("title").GetString());
        var errors = Errors(problem);
        Assert.Contains(errors, e => e.Field == "holder.type");
        Assert.Contains(errors, e => e.Field == "holder.address.postalCode" && e.Code == "not-in-region");
        Assert.Contains(errors, e => e.Field == "action.stage" && e.Code == "stage-not-eligible");
        Assert.Contains(errors, e => e.Field == "contact.email");
        Assert.Contains(errors, e => e.Field == "annual-accounts" && e.Code == "required");
        Assert.Equal($"{errors.Count} erreurs sont à corriger avant le dépôt.", problem.GetProperty("detail").GetString());
        Assert.Contains(errors, e => e.Message.Any(c => c is 'é' or 'è' or 'à' or 'ç' or 'ê'));
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
        Assert.Empty(await site.ListDossierIdsAsync(campaignId));
    }

    [Fact]
    public async Task Submit_UnknownCampaign_404()
    {
        var site = await sites.GetAsync(azurite.ConnectionString);

        var (status, problem, contentType, _) = await site.SubmitAsync("campagne-inconnue", Multipart.Valid());

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal("campaign-not-found", problem.GetProperty("code").GetString());
        Assert.Equal("Appel à projets introuvable", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Submit_AfterTheDeadline_409DeadlinePassedAndStaffToldOfTheAttempt()
    {
        var (site, campaignId) = await OpenCampaignAsync(c => c["deadline"] = Instant(DateTimeOffset.UtcNow.AddDays(-1)));

        var (status, problem, _, _) = await site.SubmitAsync(campaignId, Multipart.Valid());

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("deadline-passed", problem.GetProperty("code").GetString());
        Assert.Equal("La date limite de dépôt est dépassée", problem.GetProperty("title").GetString());
        Assert.Contains("(heure de Paris)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await site.ListDossierIdsAsync(campaignId));
        var notice = await Eventually.GetAsync($"staff to be told of the late attempt on {campaignId}", async () =>
        {
            var mails = await site.MailsToAsync(Staff);
            var late = mails.FirstOrDefault(m => m.Kind == "late-submission" && m.CustomArgs.GetValueOrDefault("campaign_id") == campaignId);
            return (late is not null, late!, $"[{string.Join("; ", mails)}]");
        }, context: site.OutputTail);
        Assert.Contains("Association Les Jardins Partagés", notice.PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_FileOverTheCampaignsLimit_413AndNothingStored()
    {
        var (site, campaignId) = await OpenCampaignAsync(c => c["attachments"] = new JsonObject
        {
            ["maxFileBytes"] = 64 * 1024,
            ["maxDossierBytes"] = 1024 * 1024,
            ["maxFiles"] = 5,
        });

        var (status, problem, contentType, _) = await site.SubmitAsync(campaignId, Multipart.Dossier(TestFiles.SampleDossierJson,
            [("statutes", "statuts.pdf", TestFiles.StatutesPdf), ("annual-accounts", "comptes.pdf", TestFiles.PdfOfSize((64 * 1024) + 1))]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal("file-too-large", problem.GetProperty("code").GetString());
        Assert.Equal("annual-accounts", Assert.Single(Errors(problem)).Field);
        Assert.Empty(await site.ListDossierIdsAsync(campaignId));
    }

    [Fact]
    public async Task Submit_ExecutableNamedPdf_415ByContentWhileAPngNamedPdfIsAccepted()
    {
        var (site, campaignId) = await OpenCampaignAsync();

        var (status, problem, contentType, _) = await site.SubmitAsync(campaignId, Multipart.Dossier(TestFiles.SampleDossierJson,
            [("statutes", "statuts.pdf", TestFiles.StatutesPdf), ("annual-accounts", "comptes.pdf", TestFiles.Exe)]));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal("unsupported-file-type", problem.GetProperty("code").GetString());
        var error = Assert.Single(Errors(problem));
        Assert.Equal(("annual-accounts", "unsupported-type"), (error.Field, error.Code));
        Assert.Empty(await site.ListDossierIdsAsync(campaignId));

        // PNG is an accepted type (docs/api.md): the content decides, not the name.
        var (accepted, body, _, _) = await site.SubmitAsync(campaignId, Multipart.Dossier(TestFiles.SampleDossierJson,
            [("statutes", "statuts.pdf", TestFiles.StatutesPdf), ("annual-accounts", "comptes.pdf", TestFiles.Png)]));
        Assert.Equal(HttpStatusCode.Created, accepted);
        Assert.Equal([body.GetProperty("dossierId").GetString()!], await site.ListDossierIdsAsync(campaignId));
    }

    [Fact]
    public async Task Submit_IdempotencyKeyReusedWithAnotherBody_422WhileTheSameBodyReplays()
    {
        var (site, campaignId) = await OpenCampaignAsync();
        var key = Guid.NewGuid().ToString();
        var other = TestFiles.SampleDossierJson.Replace("\"requestedAmount\": 30000", "\"requestedAmount\": 29000", StringComparison.Ordinal);
        Assert.NotEqual(TestFiles.SampleDossierJson, other);

        var (first, created, _, _) = await site.SubmitAsync(campaignId, Multipart.Valid(), key);
        var (again, replayed, _, _) = await site.SubmitAsync(campaignId, Multipart.Valid(), key);
        var (reused, problem, contentType, _) = await site.SubmitAsync(campaignId, Multipart.Valid(other), key);

        Assert.Equal(HttpStatusCode.Created, first);
        Assert.Equal(HttpStatusCode.Created, again);
        Assert.True(replayed.GetProperty("replayed").GetBoolean());
        Assert.Equal(created.GetProperty("dossierId").GetString(), replayed.GetProperty("dossierId").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal("idempotency-key-reused", problem.GetProperty("code").GetString());
        Assert.Equal("Clé d'idempotence déjà utilisée", problem.GetProperty("title").GetString());
        Assert.Equal([created.GetProperty("dossierId").GetString()!], await site.ListDossierIdsAsync(campaignId));
    }

    [Fact]
    public async Task GetDossier_WrongOrMissingToken_404LikeAnUnknownDossier()
    {
        var (site, campaignId) = await OpenCampaignAsync();
        var dossier = await site.SubmitSampleAsync(campaignId);

        using var wrongToken = await site.GetAsync($"/api/dossiers/{dossier.Id}", bearer: dossier.AccessToken[..^2] + "xx");
        using var noToken = await site.GetAsync($"/api/dossiers/{dossier.Id}");
        using var unknown = await site.GetAsync($"/api/dossiers/{campaignId}.inconnu", bearer: dossier.AccessToken);
        using var holder = await site.GetAsync($"/api/dossiers/{dossier.Id}", bearer: dossier.AccessToken);

        Assert.Equal(HttpStatusCode.NotFound, wrongToken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", wrongToken.Content.Headers.ContentType?.MediaType);
        var unknownBody = await unknown.Content.ReadAsStringAsync();
        Assert.Equal(unknownBody, await wrongToken.Content.ReadAsStringAsync());
        Assert.Equal(unknownBody, await noToken.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, holder.StatusCode);
    }

    [Fact]
    public async Task StaffRoute_WithoutOrWithAWrongKey_401()
    {
        var (site, campaignId) = await OpenCampaignAsync();

        using var noKey = await site.GetAsync($"/api/campaigns/{campaignId}/dossiers");
        using var campaignsNoKey = await site.GetAsync("/api/campaigns");
        using var wrongKey = await site.GetAsync($"/api/campaigns/{campaignId}/dossiers?code={LocalHostProcess.TestStaffKey}x");
        using var staff = await site.GetAsync($"/api/campaigns/{campaignId}/dossiers", staffKey: true);

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, campaignsNoKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal("application/problem+json", noKey.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, staff.StatusCode);
    }

    /// <summary>Staff post a fresh campaign open until next week (changed by <paramref name="change"/>).</summary>
    private async Task<(AmiSite Site, string CampaignId)> OpenCampaignAsync(Action<JsonObject>? change = null)
    {
        var site = await sites.GetAsync(azurite.ConnectionString);
        var campaignId = NewId("intake");
        var campaign = InSeconds(campaignId, DateTimeOffset.UtcNow.AddDays(7));
        change?.Invoke(campaign);
        await site.PostCampaignAsync(campaign);
        return (site, campaignId);
    }

    private static List<(string Field, string Code, string Message)> Errors(JsonElement problem) =>
        [.. problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("field").GetString()!, e.GetProperty("code").GetString()!, e.GetProperty("message").GetString()!))];
}
