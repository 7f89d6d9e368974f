using System.Globalization;
using System.Text;
using System.Text.Json;
using Ami.Domain.Campaigns;
using Ami.Domain.Json;
using Ami.Domain.States;
using Ami.Domain.Validation;
using Ami.Workflow.Activities;
using Ami.Workflow.Intake;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Payments;
using Ami.Workflow.Ports;
using Ami.Workflow.Scanning;
using Ami.Workflow.Steps;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Ami.Workflow.Http;

/// <summary>
/// The holder's moves after the decision: <c>POST /api/dossiers/{id}/start</c>, <c>…/bilan</c> and
/// <c>…/withdraw</c> (holder token). Each raises its event only when the journey waits for it, else 409; and each is
/// claimed in storage first (<see cref="IHolderMoves"/>), so that of concurrent requests exactly one is accepted and
/// the others are told what was kept.
/// </summary>
public sealed class HolderHandlers(
    IDossierStore dossiers,
    ICampaignStore campaigns,
    IBilanStore bilans,
    IHolderMoves moves,
    TimeProvider clock,
    ILogger<HolderHandlers> logger)
{
    /// <summary>A claim whose request has not reached the journey after this long died on the way: it is taken over.</summary>
    public static readonly TimeSpan ClaimTakeOverAfter = TimeSpan.FromMinutes(2);

    private const string StartMove = JourneySteps.Start;
    private const string BilanMove = JourneySteps.Bilan;
    private const string WithdrawMove = "withdraw";

    /// <summary>The multipart part of the bilan's figures (JSON), beside the report file.</summary>
    private const string BilanPart = "bilan";

    public async Task<IResult> StartAsync(HttpRequest request, string dossierId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var dossier = await AuthorizeAsync(request, dossierId, cancellationToken);
        if (dossier is null)
        {
            return Problems.DossierNotFound();
        }

        if (!request.HasJsonContentType())
        {
            return Problems.JsonExpected();
        }

        var errors = new List<FieldError>();
        DateOnly? startDate;
        try
        {
            startDate = await ReadStartDateAsync(request, errors, cancellationToken);
        }
        catch (Exception e) when (Problems.IsUnreadableBody(e))
        {
            return Problems.MalformedBody();
        }

        if (errors.Count > 0)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "validation-failed", "Déclaration de démarrage invalide", "La date de démarrage est à corriger.", errors);
        }

        var move = await DeclareStartAsync(dossier, startDate!.Value, client, cancellationToken);
        return move.Outcome switch
        {
            HolderMoveOutcome.Invalid => Problems.Create(StatusCodes.Status400BadRequest, "validation-failed", "Déclaration de démarrage invalide", "La date de démarrage est à corriger.", move.Errors),
            HolderMoveOutcome.Done => Accepted(dossierId, new { dossierId, status = "granted", startDate = startDate.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }),
            HolderMoveOutcome.AlreadyDone => StartAlreadyDeclared(move.Kept!),
            _ => NotWaiting(StepCatalog.Start.Id, StartNotWaiting),
        };
    }

    /// <summary>The dates a start may be declared on: from the CP's decision to a year from today (Paris).</summary>
    public (DateOnly? From, DateOnly To) StartRange(DossierRecord dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        var today = DateOnly.FromDateTime(ParisTime.ToParis(clock.GetUtcNow()).DateTime);
        return (CpDate(dossier), today.AddYears(1));
    }

    /// <summary>
    /// The start declaration of an authorized holder (the API and the "Mon dossier" page): checks the date, then
    /// raises the journey's event once (claimed in storage first: of concurrent declarations one wins); a second
    /// declaration is <see cref="HolderMoveOutcome.AlreadyDone"/> with the date kept, one the journey does not wait
    /// for <see cref="HolderMoveOutcome.NotWaiting"/>.
    /// </summary>
    public async Task<HolderMoveResult> DeclareStartAsync(DossierRecord dossier, DateOnly start, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        var errors = new List<FieldError>();
        var (from, to) = StartRange(dossier);
        if (from is { } cp && start < cp)
        {
            errors.Add(new FieldError("startDate", ErrorCodes.OutOfRange, $"L'action ne peut pas démarrer avant la décision de la Commission permanente ({cp:dd/MM/yyyy})."));
        }
        else if (start > to)
        {
            errors.Add(new FieldError("startDate", ErrorCodes.OutOfRange, "La date de démarrage est à plus d'un an : déclarez le démarrage quand l'action commence."));
        }

        if (errors.Count > 0)
        {
            return new HolderMoveResult(HolderMoveOutcome.Invalid, errors);
        }

        var dossierId = dossier.DossierId;
        if (!StepCatalog.Start.WaitsIn(dossier.Status))
        {
            return await StartKeptOrNotWaitingAsync(dossierId, cancellationToken);
        }

        var status = await client.GetSettledJourneyStatusAsync(dossierId, StepCatalog.Start.IsAwaitedBy, cancellationToken);
        if (status is null || !StepCatalog.Start.IsAwaitedBy(status))
        {
            return await StartKeptOrNotWaitingAsync(dossierId, cancellationToken);
        }

        var date = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var (won, claim) = await moves.TryClaimAsync(new HolderMove(dossierId, StartMove, status.Attempt, date, clock.GetUtcNow()), ClaimTakeOverAfter, cancellationToken);
        if (!won)
        {
            return HolderMoveResult.Already(claim);
        }

        var raised = await RaiseOrReleaseAsync(claim, () => client.TryRaiseAsync(dossierId, JourneyEvents.StartDeclared, new StartDeclaration(start), logger, s => s.Step == StepCatalog.Start.Id, knownStatus: status, cancellationToken), cancellationToken);
        return raised ? HolderMoveResult.Done : HolderMoveResult.NotWaiting;
    }

    public async Task<IResult> BilanAsync(HttpRequest request, string dossierId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var dossier = await AuthorizeAsync(request, dossierId, cancellationToken);
        if (dossier is null)
        {
            return Problems.DossierNotFound();
        }

        if (!request.HasFormContentType)
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "multipart-expected", "Format de requête non accepté", "Le bilan s'envoie en multipart/form-data : une partie « report » (fichier) et une partie « bilan » (JSON).");
        }

        var campaign = await campaigns.GetAsync(dossier.CampaignId, cancellationToken);
        if (campaign is null)
        {
            return Problems.DossierNotFound();
        }

        if (request.ContentLength > campaign.Attachments.MaxFileBytes + (1024 * 1024))
        {
            return TooLarge(campaign);
        }

        var status = await BilanAwaitedAsync(dossier, client, cancellationToken);
        if (status is null)
        {
            return NotWaiting(StepCatalog.Bilan.Id, "Le bilan se remet après la déclaration de démarrage, une fois par demande.");
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (Exception e) when (Problems.IsUnreadableBody(e))
        {
            return Problems.MalformedUpload();
        }

        var bilanText = form.TryGetValue(BilanPart, out var part) ? part.ToString() : await ReadFilePartAsync(form.Files.GetFile(BilanPart), cancellationToken);
        var move = await HandInAsync(dossier, campaign, status, form.Files.GetFile("report"), bilanText, client, cancellationToken);
        return move.Outcome switch
        {
            HolderMoveOutcome.Done => Accepted(dossierId, new { dossierId, status = "bilan-submitted", bilan = move.Attempt }),
            HolderMoveOutcome.AlreadyDone => BilanAlreadySubmitted(move.Kept!),
            HolderMoveOutcome.Invalid when move.Errors.Any(e => e.Code == FileTooLarge) => TooLarge(campaign),
            HolderMoveOutcome.Invalid when move.Errors.Any(e => e.Code == UnsupportedFileType) => Problems.UnsupportedFileType([.. move.Errors]),
            HolderMoveOutcome.Invalid => Problems.Create(StatusCodes.Status400BadRequest, "validation-failed", "Bilan incomplet", "Le bilan comporte des erreurs : rien n'a été enregistré.", move.Errors),
            _ => NotWaiting(StepCatalog.Bilan.Id, BilanNotWaiting),
        };
    }

    /// <summary>
    /// The bilan of an authorized holder (the API and the "Mon dossier" page): the report file and the bilan's JSON
    /// (<see cref="BilanReport"/>), checked whole, claimed (a concurrent loser stores nothing), stored, then the
    /// journey's event raised once; a bilan already handed in is <see cref="HolderMoveOutcome.AlreadyDone"/>; when the journey does
    /// not wait for a bilan (already handed in, or not yet the time), <see cref="HolderMoveOutcome.NotWaiting"/>.
    /// </summary>
    public async Task<HolderMoveResult> HandInBilanAsync(DossierRecord dossier, IFormFile? report, string? bilanJson, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        var campaign = await campaigns.GetAsync(dossier.CampaignId, cancellationToken);
        var status = await BilanAwaitedAsync(dossier, client, cancellationToken);
        return campaign is null || status is null
            ? HolderMoveResult.NotWaiting
            : await HandInAsync(dossier, campaign, status, report, bilanJson, client, cancellationToken);
    }

    /// <summary>The journey's status when the dossier waits for a bilan (its row's status and the journey agree), else null: one read of the journey.</summary>
    private static async Task<JourneyStatus?> BilanAwaitedAsync(DossierRecord dossier, DurableTaskClient client, CancellationToken cancellationToken) =>
        StepCatalog.Bilan.WaitsIn(dossier.Status)
        && await client.GetSettledJourneyStatusAsync(dossier.DossierId, s => s.Allows(JourneyEvents.BilanSubmitted), cancellationToken) is { } status
        && status.Allows(JourneyEvents.BilanSubmitted)
            ? status
            : null;

    /// <summary>The bilan handed in while <paramref name="awaited"/> (just read) waits for it: checked, claimed, stored, then the event raised without reading the journey again.</summary>
    private async Task<HolderMoveResult> HandInAsync(DossierRecord dossier, Campaign campaign, JourneyStatus awaited, IFormFile? report, string? bilanJson, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var dossierId = dossier.DossierId;
        var errors = new List<FieldError>();
        if (report is null || report.Length == 0)
        {
            errors.Add(new FieldError("report", ErrorCodes.Required, "Joignez le rapport du bilan (partie « report »)."));
        }
        else if (report.Length > campaign.Attachments.MaxFileBytes)
        {
            return new HolderMoveResult(HolderMoveOutcome.Invalid, [new FieldError("report", FileTooLarge, $"Le rapport dépasse {campaign.Attachments.MaxFileBytes / (1024 * 1024)} Mo.")]);
        }

        var bilan = BilanReport.Parse(bilanJson, out var bilanErrors);
        errors.AddRange(bilanErrors);
        if (errors.Count > 0)
        {
            return new HolderMoveResult(HolderMoveOutcome.Invalid, errors);
        }

        var fileType = await ReportTypeAsync(report!, cancellationToken);
        if (fileType is null)
        {
            return new HolderMoveResult(HolderMoveOutcome.Invalid, [new FieldError("report", UnsupportedFileType, "Le rapport doit être un PDF, une image PNG/JPEG, un document DOCX/ODT ou un tableur XLSX/ODS (reconnu d'après son contenu).")]);
        }

        // Claimed before anything is stored: a concurrent request that loses leaves no blob behind.
        var number = awaited.Attempt;
        var fileName = FileNames.Sanitize(report!.FileName);
        var (won, claim) = await moves.TryClaimAsync(new HolderMove(dossierId, BilanMove, number, fileName, clock.GetUtcNow()), ClaimTakeOverAfter, cancellationToken);
        if (!won)
        {
            return HolderMoveResult.Already(claim);
        }

        var raised = await RaiseOrReleaseAsync(claim, async () =>
        {
            AttachmentInfo stored;
            await using (var content = report.OpenReadStream())
            {
                stored = await bilans.SaveAsync(dossier.CampaignId, dossierId, number, fileName, fileType.ContentType, content, bilan!, cancellationToken);
            }

            await dossiers.UpdateAsync(
                dossierId,
                r => r with { Attachments = [.. r.Attachments.Where(a => a.Id != stored.Id), stored], UpdatedAt = clock.GetUtcNow() },
                cancellationToken);
            await client.StartAttachmentScanAsync(dossierId, $"bilan-{number}-{stored.Sha256[..Math.Min(12, stored.Sha256.Length)]}", cancellationToken);
            return await client.TryRaiseAsync(dossierId, JourneyEvents.BilanSubmitted, new BilanHandedIn(number), logger, s => s.Step == StepCatalog.Bilan.Id && s.Attempt == number, knownStatus: awaited, cancellationToken);
        }, cancellationToken);
        return raised ? HolderMoveResult.Done with { Attempt = number } : HolderMoveResult.NotWaiting;
    }

    public async Task<IResult> WithdrawAsync(HttpRequest request, string dossierId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var dossier = await AuthorizeAsync(request, dossierId, cancellationToken);
        if (dossier is null)
        {
            return Problems.DossierNotFound();
        }

        var move = await WithdrawDossierAsync(dossierId, client, cancellationToken);
        return move.Outcome switch
        {
            HolderMoveOutcome.Done => Accepted(dossierId, new { dossierId, status = "withdrawn" }),
            HolderMoveOutcome.AlreadyDone => Problems.Create(StatusCodes.Status409Conflict, "already-withdrawn", "Dossier déjà retiré",
                "Le retrait de ce dossier a déjà été demandé le " + Problems.French(move.Kept!.ClaimedAt) + "."),
            _ => NotWaiting("withdraw", "Ce dossier ne peut plus être retiré : il est clos, refusé, inéligible ou déjà retiré."),
        };
    }

    /// <summary>
    /// The withdrawal of an authorized holder (the API and the page): claimed, then once; a second one is
    /// <see cref="HolderMoveOutcome.AlreadyDone"/>, one the journey no longer takes <see cref="HolderMoveOutcome.NotWaiting"/>.
    /// </summary>
    public async Task<HolderMoveResult> WithdrawDossierAsync(string dossierId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (won, claim) = await moves.TryClaimAsync(new HolderMove(dossierId, WithdrawMove, 0, "holder", clock.GetUtcNow()), ClaimTakeOverAfter, cancellationToken);
        if (!won)
        {
            return HolderMoveResult.Already(claim);
        }

        var raised = await RaiseOrReleaseAsync(claim, () => client.TryRaiseAsync(dossierId, JourneyEvents.Withdrawn, new JourneySignal("holder"), logger, null, knownStatus: null, cancellationToken), cancellationToken);
        return raised ? HolderMoveResult.Done : HolderMoveResult.NotWaiting;
    }

    /// <summary>Acts on a won claim; gives the claim up when the journey did not take the move (or the act failed), so that it can be tried again.</summary>
    private async Task<bool> RaiseOrReleaseAsync(HolderMove claim, Func<Task<RaiseOutcome>> act, CancellationToken cancellationToken)
    {
        RaiseOutcome outcome;
        try
        {
            outcome = await act();
        }
        catch
        {
            await moves.ReleaseAsync(claim, CancellationToken.None);
            throw;
        }

        if (outcome != RaiseOutcome.Raised)
        {
            await moves.ReleaseAsync(claim, cancellationToken);
            return false;
        }

        return true;
    }

    private async Task<HolderMoveResult> StartKeptOrNotWaitingAsync(string dossierId, CancellationToken cancellationToken) =>
        await moves.GetAsync(dossierId, StartMove, 1, cancellationToken) is { } kept
            ? HolderMoveResult.Already(kept)
            : HolderMoveResult.NotWaiting;

    private static IResult StartAlreadyDeclared(HolderMove kept)
    {
        var date = DateOnly.ParseExact(kept.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return Problems.CreateWith(StatusCodes.Status409Conflict, "already-declared", "Démarrage déjà déclaré",
            $"Le démarrage de l'action a déjà été déclaré au {date:dd/MM/yyyy} : c'est cette date qui est retenue.",
            new Dictionary<string, object?> { ["startDate"] = kept.Value });
    }

    private static IResult BilanAlreadySubmitted(HolderMove kept) =>
        Problems.CreateWith(StatusCodes.Status409Conflict, "already-submitted", "Bilan déjà remis",
            $"Le bilan n° {kept.Attempt} a déjà été remis (rapport « {kept.Value} ») ; il est en cours de traitement.",
            new Dictionary<string, object?> { ["bilan"] = kept.Attempt, ["report"] = kept.Value });

    private const string FileTooLarge = "file-too-large";
    private const string UnsupportedFileType = "unsupported-file-type";
    private const string BilanNotWaiting = "Le bilan se remet après la déclaration de démarrage, une fois par demande.";

    private const string StartNotWaiting = "Le démarrage se déclare une fois l'aide attribuée, et une seule fois.";

    private async Task<DossierRecord?> AuthorizeAsync(HttpRequest request, string dossierId, CancellationToken cancellationToken)
    {
        var token = AccessTokens.FromRequest(request);
        if (token is null || string.IsNullOrEmpty(dossierId) || dossierId.Length > 100)
        {
            return null;
        }

        var dossier = await dossiers.GetAsync(dossierId, cancellationToken);
        return dossier is not null && AccessTokens.Matches(token, dossier.AccessTokenHash) ? dossier : null;
    }

    /// <summary>The kind of the report, from its first bytes (as the intake checks a dossier's files).</summary>
    private static async Task<FileType?> ReportTypeAsync(IFormFile file, CancellationToken cancellationToken)
    {
        var head = new byte[ContentSniffer.WindowSize];
        await using var s = file.OpenReadStream();
        var n = await s.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        return ContentSniffer.Detect(head.AsSpan(0, n));
    }

    private static async Task<DateOnly?> ReadStartDateAsync(HttpRequest request, List<FieldError> errors, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("startDate", out var value)
                && value.ValueKind == JsonValueKind.String)
            {
                if (DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    return date;
                }

                errors.Add(new FieldError("startDate", ErrorCodes.InvalidDate, "Date attendue au format AAAA-MM-JJ (2015-10-01)."));
                return null;
            }

            errors.Add(new FieldError("startDate", ErrorCodes.Required, "Indiquez la date de démarrage de l'action (startDate)."));
        }
        catch (JsonException)
        {
            errors.Add(new FieldError("", ErrorCodes.InvalidJson, "Le corps de la requête n'est pas un JSON valide."));
        }

        return null;
    }

    private static async Task<string?> ReadFilePartAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null || file.Length > 1024 * 1024)
        {
            return null;
        }

        using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    private static DateOnly? CpDate(DossierRecord dossier) =>
        dossier.DecisionJson is { Length: > 0 } json ? JsonSerializer.Deserialize<DecisionReport>(json, AmiJson.Options)?.CpDate : null;

    private static IResult Accepted(string dossierId, object body) =>
        new LocationResult(Results.Json(body, AmiJson.Options, statusCode: StatusCodes.Status202Accepted), "/api/dossiers/" + Uri.EscapeDataString(dossierId));

    private static IResult NotWaiting(string move, string detail) =>
        Problems.Create(StatusCodes.Status409Conflict, "not-waiting", "Le dossier n'attend pas cette démarche", detail + " (" + move + ")");

    private static IResult TooLarge(Campaign campaign) =>
        Problems.TooLarge("file-too-large", $"Le rapport dépasse {campaign.Attachments.MaxFileBytes / (1024 * 1024)} Mo.", "report");

    /// <summary>Adds a Location header to another result.</summary>
    private sealed class LocationResult(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}

/// <summary>What a holder's move did.</summary>
public enum HolderMoveOutcome
{
    /// <summary>Recorded now: the journey received it.</summary>
    Done,

    /// <summary>Nothing done: the journey does not wait for it (already recorded, or not the time).</summary>
    NotWaiting,

    /// <summary>Nothing done: the input has errors (<see cref="HolderMoveResult.Errors"/>).</summary>
    Invalid,

    /// <summary>Nothing done now: the same move was already taken (<see cref="HolderMoveResult.Kept"/> says what was kept).</summary>
    AlreadyDone,
}

/// <summary>The outcome of a holder's move and, when invalid, every field error.</summary>
public sealed record HolderMoveResult(HolderMoveOutcome Outcome, IReadOnlyList<FieldError> Errors)
{
    public static readonly HolderMoveResult Done = new(HolderMoveOutcome.Done, []);

    public static readonly HolderMoveResult NotWaiting = new(HolderMoveOutcome.NotWaiting, []);

    /// <summary>The bilan's number (1, then 2 after changes were asked), when one was handed in.</summary>
    public int? Attempt { get; init; }

    /// <summary>For <see cref="HolderMoveOutcome.AlreadyDone"/>: the move that was kept (its date, report or instant).</summary>
    public HolderMove? Kept { get; init; }

    public static HolderMoveResult Already(HolderMove kept) => new(HolderMoveOutcome.AlreadyDone, []) { Kept = kept };
}
