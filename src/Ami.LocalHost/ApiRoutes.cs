using System.Text.Json.Nodes;
using Ami.Domain.Campaigns;
using Ami.LocalHost.OpenApi;
using Ami.Workflow.Http;
using Ami.Workflow.Intake;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Payments;
using Ami.Workflow.Staff;
using Microsoft.DurableTask.Client;

namespace Ami.LocalHost;

/// <summary>
/// The HTTP routes of Ami.Functions, served by the local host with the same handlers from Ami.Workflow.
/// Every route here has a [Function] twin in Ami.Functions with the same method(s) and route (under the
/// Functions default prefix <c>api</c>), and staff routes here are <see cref="StaffRoutes.RequireStaffKey{TBuilder}"/>
/// exactly where the twin is <c>[StaffRoute]</c>: the route-parity test checks it.
/// </summary>
public static class ApiRoutes
{
    /// <summary>The Functions host's default route prefix (<c>extensions.http.routePrefix</c>).</summary>
    public const string Prefix = "/api";

    public static IEndpointRouteBuilder MapAmiApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup(Prefix);

        api.MapGet("/health", (DurableTaskClient client, ILogger<HealthHandler> logger, CancellationToken ct) => HealthHandler.CheckAsync(client, logger, ct))
            .Describe("health", "Service", "Storage and task hub reachable", "200 when the storage and the Durable task hub answer, else 503.")
            .Produces<HealthReport>().Produces(StatusCodes.Status503ServiceUnavailable, contentType: ApiDocs.ProblemJson);

        api.MapPost("/campaigns/{campaignId}/dossiers", (HttpRequest r, string campaignId, DossierHandlers h, DurableTaskClient c) => h.SubmitAsync(r, campaignId, c))
            .Describe("submitDossier", "Dossiers", "File a dossier",
                "Anonymous. Multipart: the JSON part `dossier` and the files (checked by content: PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS). "
                + "`Idempotency-Key` (1 to 200 printable characters): the same key and body replay the first answer (`replayed: true`), "
                + "the same key with another body is refused (422). Nothing of a refused dossier is stored. The access token is given once.")
            .Multipart(ApiExamples.DossierParts)
            .Produces<SubmissionResponse>(StatusCodes.Status201Created)
            .Fails(StatusCodes.Status400BadRequest, "validation-failed", "idempotency-key-invalid", "malformed-upload")
            .Fails(StatusCodes.Status404NotFound, "campaign-not-found")
            .Fails(StatusCodes.Status409Conflict, "campaign-not-open", "deadline-passed", "request-in-progress")
            .Fails(StatusCodes.Status413PayloadTooLarge, "file-too-large", "dossier-too-large", "too-many-files", "dossier-part-too-large")
            .Fails(StatusCodes.Status415UnsupportedMediaType, "multipart-expected", "unsupported-file-type")
            .Fails(StatusCodes.Status422UnprocessableEntity, "idempotency-key-reused")
            .Fails(StatusCodes.Status503ServiceUnavailable, "storage-unavailable")
            .RequestExample("sample", "samples/dossier.json with samples/statuts.pdf and samples/comptes.pdf", ApiExamples.DossierUpload(), ApiDocs.MultipartForm)
            .AnswerExample(StatusCodes.Status201Created, "sample", "Filed", ApiExamples.Submitted("submitted"))
            .RequestExample("outside-region", "samples/dossier-hors-region.json (Paris, market launch, 45 000 €, no partner) with the same files", ApiExamples.DossierUpload("samples/dossier-hors-region.json"), ApiDocs.MultipartForm)
            .AnswerExample(StatusCodes.Status400BadRequest, "outside-region", "Every problem of the dossier at once; nothing stored", ApiExamples.OutsideRegionAnswer(), ApiDocs.ProblemJson)
            .RequestExample("late", "samples/dossier.json filed on ami-is-2015 after its deadline", ApiExamples.DossierUpload(), ApiDocs.MultipartForm)
            .AnswerExample(StatusCodes.Status409Conflict, "late", "Refused, and the attempt recorded for staff", ApiExamples.LateAnswer(), ApiDocs.ProblemJson);
        api.MapGet("/dossiers/{dossierId}", (HttpRequest r, string dossierId, DossierHandlers h) => h.GetAsync(r, dossierId))
            .Describe("getDossier", "Dossiers", "A dossier's status and timeline",
                "The holder's token or the staff key. Status, timeline, attachments, the jury's aggregate, the decision and the instalments. "
                + "A wrong or missing credential gets the same 404 as an unknown dossier.")
            .Credential(ApiCredential.HolderOrStaff)
            .Produces<DossierView>()
            .Fails(StatusCodes.Status404NotFound, "dossier-not-found");
        api.MapPut("/dossiers/{dossierId}", (HttpRequest r, string dossierId, DossierHandlers h, DurableTaskClient c) => h.ResubmitAsync(r, dossierId, c))
            .Describe("resubmitDossier", "Dossiers", "Replace a dossier asked for changes",
                "The holder's token, only while the dossier is `changes-requested` and before the deadline: the same multipart as the filing; "
                + "validation starts again. `Idempotency-Key` as for the filing.")
            .Credential(ApiCredential.Holder)
            .Multipart(ApiExamples.DossierParts)
            .Produces<SubmissionResponse>()
            .Fails(StatusCodes.Status400BadRequest, "validation-failed", "idempotency-key-invalid", "malformed-upload")
            .Fails(StatusCodes.Status404NotFound, "dossier-not-found")
            .Fails(StatusCodes.Status409Conflict, "not-waiting", "deadline-passed", "request-in-progress")
            .Fails(StatusCodes.Status413PayloadTooLarge, "file-too-large", "dossier-too-large", "too-many-files", "dossier-part-too-large")
            .Fails(StatusCodes.Status415UnsupportedMediaType, "multipart-expected", "unsupported-file-type")
            .Fails(StatusCodes.Status422UnprocessableEntity, "idempotency-key-reused")
            .Fails(StatusCodes.Status503ServiceUnavailable, "storage-unavailable");
        api.MapGet("/campaigns/{campaignId}/dossiers", (HttpRequest r, string campaignId, DossierHandlers h) => h.ListAsync(r, campaignId)).RequireStaffKey()
            .Describe("listDossiers", "Staff", "The campaign's dossiers, paged",
                "Query: `status` (one of the dossier statuses), `pageSize` (1 to 200, default 50), `continuationToken` (from the previous page).")
            .Produces<DossierListPage>()
            .Fails(StatusCodes.Status400BadRequest, "invalid-query")
            .Fails(StatusCodes.Status404NotFound, "campaign-not-found");
        api.MapPost("/campaigns", (HttpRequest r, CampaignHandlers h, DurableTaskClient c) => h.UpsertAsync(r, c)).RequireStaffKey(StaffRole.Admin)
            .Describe("upsertCampaign", "Staff", "Create or replace a campaign",
                "201 when created, 200 when it replaces the campaign of the same id. A change reaches the journeys waiting on the campaign "
                + "(a new deadline closes the call earlier or later). Every error of the campaign at once (400). While dossiers of the campaign "
                + "are in flight (filed and not ended), only title, deadline, the people (contactEmail, staff, jurors, juryPresident, cpSecretariat, "
                + "finance) and the waits (bilanDueAfter, juryDueAfterClose, schedule) may change: any other change is refused with 409 "
                + "campaign-in-flight listing every refused field, and nothing is stored.")
            .Accepts<Campaign>(ApiDocs.Json)
            .Produces<Campaign>(StatusCodes.Status201Created)
            .Produces<Campaign>()
            .Fails(StatusCodes.Status400BadRequest, "validation-failed", "malformed-upload")
            .Fails(StatusCodes.Status409Conflict, "campaign-in-flight")
            .Fails(StatusCodes.Status413PayloadTooLarge, "campaign-too-large")
            .Fails(StatusCodes.Status415UnsupportedMediaType, "json-expected")
            .RequestExample("ami-is-2015", "campaigns/ami-is-2015.json, the 2015 call", Samples.Json("campaigns/ami-is-2015.json"))
            .AnswerExample(StatusCodes.Status200OK, "ami-is-2015", "Replaced (the host loads it at start): the campaign with its defaults", ApiExamples.StoredCampaign("campaigns/ami-is-2015.json"));
        api.MapGet("/campaigns/{campaignId}", (HttpRequest r, string campaignId, CampaignHandlers h) => h.GetAsync(r, campaignId)).RequireStaffKey()
            .Describe("getCampaign", "Staff", "A campaign", "The campaign with every field, defaults included, and the read-only count of its drafts: drafts {unfinished, filed} (ignored when the campaign is posted back).")
            .Produces<Campaign>()
            .Fails(StatusCodes.Status404NotFound, "campaign-not-found")
            .AnswerExample(StatusCodes.Status200OK, "ami-is-2015", "The 2015 call, no draft kept yet", ApiExamples.ReadCampaign("campaigns/ami-is-2015.json"));
        api.MapGet("/campaigns", (HttpRequest r, CampaignHandlers h) => h.ListAsync(r)).RequireStaffKey()
            .Describe("listCampaigns", "Staff", "Every campaign", "Ordered by opening date.")
            .Produces<Campaign[]>();
        api.MapGet("/campaigns/{campaignId}/ranking", (HttpRequest r, string campaignId, RankingHandler h) => h.GetAsync(r, campaignId)).RequireStaffKey()
            .Describe("getRanking", "Staff", "The jury's ranking",
                "Scored dossiers, best first: mean total out of 36, then the lowest total, then fewer divergent criteria. JSON, or CSV with `Accept: text/csv`.")
            .Produces<RankingHandler.RankingView>()
            .AlsoText(StatusCodes.Status200OK, "text/csv", "The same rows as CSV (semicolons, UTF-8), with Accept: text/csv.")
            .Fails(StatusCodes.Status404NotFound, "campaign-not-found");

        // Journey: signed action links (the token is the credential) and the holder's moves after the decision.
        api.MapGet("/actions/{token}", (HttpRequest request, string token, ActionHandlers h, DurableTaskClient client, CancellationToken ct) => h.GetAsync(request, token, client, ct))
            .Describe("showAction", "Links", "The page of a mailed link",
                "A French HTML page: the step, the dossier, the allowed decisions and a form. Never acts (mail scanners open links). "
                + "A used, expired or cancelled link: 410; unknown or tampered: 404; a step already closed: 409 (HTML pages too).")
            .Credential(ApiCredential.Link)
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .Produces<string>(StatusCodes.Status404NotFound, "text/html")
            .Produces<string>(StatusCodes.Status409Conflict, "text/html")
            .Produces<string>(StatusCodes.Status410Gone, "text/html");
        api.MapPost("/actions/{token}", (HttpRequest request, string token, ActionHandlers h, DurableTaskClient client, CancellationToken ct) => h.PostAsync(request, token, client, ct))
            .Describe("decideAction", "Links", "Decide through a mailed link",
                "JSON or form-encoded (`scores.{key}` fields for the scores); JSON clients get JSON and problem+json, the page's own form "
                + "(Accept: text/html) gets HTML. A link acts once: again → 410 `used`; a second decision on the same step (another staff member) → 409.")
            .Credential(ApiCredential.Link)
            .Accepts<ActionDecisionRequest>(ApiDocs.Json, ApiDocs.Form)
            .Produces<ActionHandlers.ActionAnswer>()
            .Fails(StatusCodes.Status400BadRequest, "invalid-decision", "malformed-upload")
            .Fails(StatusCodes.Status404NotFound, "unknown-link")
            .Fails(StatusCodes.Status409Conflict, "already-decided", "step-closed")
            .Fails(StatusCodes.Status410Gone, "used", "expired", "cancelled", "replaced")
            .ActionExample(JourneySteps.Validation, "Staff: eligible, no audition")
            .ActionExample(JourneySteps.JuryScore, "A juror scores Annex 1's 12 criteria")
            .ActionExample(JourneySteps.JuryOpinion, "The jury's president: favourable, with the jury's conclusions")
            .ActionExample(JourneySteps.CpDecision, "The CP secretariat: granted")
            .ActionExample(JourneySteps.BilanValidation, "Staff accept the bilan");
        api.MapPost("/dossiers/{dossierId}/start", (HttpRequest request, string dossierId, HolderHandlers h, DurableTaskClient client, CancellationToken ct) => h.StartAsync(request, dossierId, client, ct))
            .Describe("declareStart", "Dossiers", "Declare the start of the action",
                "The holder's token, once the grant is decided: the first instalment is released.")
            .Credential(ApiCredential.Holder)
            .Accepts<StartRequest>(ApiDocs.Json)
            .Produces<HolderMoveAnswer>(StatusCodes.Status202Accepted)
            .Fails(StatusCodes.Status400BadRequest, "validation-failed", "malformed-upload")
            .Fails(StatusCodes.Status404NotFound, "dossier-not-found")
            .Fails(StatusCodes.Status409Conflict, "not-waiting", "already-declared")
            .Fails(StatusCodes.Status415UnsupportedMediaType, "json-expected")
            .RequestExample("sample", "samples/start.json", Samples.Json("samples/start.json"))
            .AnswerExample(StatusCodes.Status202Accepted, "sample", "Declared", new JsonObject { ["dossierId"] = ApiExamples.DossierId, ["status"] = "granted", ["startDate"] = "2015-10-01" });
        api.MapPost("/dossiers/{dossierId}/bilan", (HttpRequest request, string dossierId, HolderHandlers h, DurableTaskClient client, CancellationToken ct) => h.BilanAsync(request, dossierId, client, ct))
            .Describe("handInBilan", "Dossiers", "Hand in the first year's bilan",
                "The holder's token, after the start: the report (a file) and the bilan (JSON). Staff then accept it (the last instalment) or ask for changes.")
            .Credential(ApiCredential.Holder)
            .Multipart(
                new FormPart("report", "The bilan's report (PDF, image, DOCX/ODT, XLSX/ODS).", Required: true),
                new FormPart("bilan", "What was spent, by category, and a summary.", Required: true, JsonType: typeof(BilanReport)))
            .Produces<HolderMoveAnswer>(StatusCodes.Status202Accepted)
            .Fails(StatusCodes.Status400BadRequest, "validation-failed", "malformed-upload")
            .Fails(StatusCodes.Status404NotFound, "dossier-not-found")
            .Fails(StatusCodes.Status409Conflict, "not-waiting", "already-submitted")
            .Fails(StatusCodes.Status413PayloadTooLarge, "file-too-large")
            .Fails(StatusCodes.Status415UnsupportedMediaType, "multipart-expected", "unsupported-file-type")
            .RequestExample("sample", "samples/rapport-bilan.pdf and samples/bilan.json", new JsonObject { ["report"] = "rapport-bilan.pdf", ["bilan"] = Samples.Json("samples/bilan.json") }, ApiDocs.MultipartForm)
            .AnswerExample(StatusCodes.Status202Accepted, "sample", "Handed in", new JsonObject { ["dossierId"] = ApiExamples.DossierId, ["status"] = "bilan-submitted", ["bilan"] = 1 });
        api.MapPost("/dossiers/{dossierId}/withdraw", (HttpRequest request, string dossierId, HolderHandlers h, DurableTaskClient client, CancellationToken ct) => h.WithdrawAsync(request, dossierId, client, ct))
            .Describe("withdrawDossier", "Dossiers", "Withdraw a dossier", "The holder's token, at any stage before the end: the dossier becomes `withdrawn`.")
            .Credential(ApiCredential.Holder)
            .Produces<HolderMoveAnswer>(StatusCodes.Status202Accepted)
            .Fails(StatusCodes.Status404NotFound, "dossier-not-found")
            .Fails(StatusCodes.Status409Conflict, "not-waiting", "already-withdrawn");

        api.MapOpenApi("/openapi.json");
        return endpoints;
    }
}
