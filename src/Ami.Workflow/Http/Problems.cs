using System.Text.Json;
using System.Text.Json.Serialization;
using Ami.Domain.Json;
using Ami.Domain.Validation;
using Microsoft.AspNetCore.Http;

namespace Ami.Workflow.Http;

/// <summary>
/// RFC 9457 problem documents (<c>application/problem+json</c>) with a French title and detail, a stable
/// <c>code</c>, a <c>type</c> URI built from it, and for validation every field error at once.
/// </summary>
public static class Problems
{
    public const string TypeBase = "https://ami.region.example/problems/";

    public static IResult Create(int status, string code, string title, string detail, IReadOnlyList<FieldError>? errors = null, IReadOnlyDictionary<string, string>? headers = null) =>
        new ProblemResult(new ProblemDocument(TypeBase + code, title, status, detail, code, errors is { Count: > 0 } ? errors.Select(ProblemError.From).ToArray() : null), headers);

    /// <summary>A problem with members of its own next to the standard ones (RFC 9457 §3.2), e.g. what a concurrent request kept.</summary>
    public static IResult CreateWith(int status, string code, string title, string detail, IReadOnlyDictionary<string, object?> members) =>
        new ProblemResult(new ProblemDocument(TypeBase + code, title, status, detail, code, null) { Members = new Dictionary<string, object?>(members) }, null);

    public static IResult Validation(IReadOnlyList<FieldError> errors) =>
        Create(StatusCodes.Status400BadRequest, "validation-failed", "Le dossier comporte des erreurs",
            errors.Count == 1 ? "Une erreur est à corriger avant le dépôt." : $"{errors.Count} erreurs sont à corriger avant le dépôt.", errors);

    public static IResult CampaignValidation(IReadOnlyList<FieldError> errors) =>
        Create(StatusCodes.Status400BadRequest, "validation-failed", "La campagne comporte des erreurs",
            Mail.French.Count(errors.Count, "erreur à corriger.", "erreurs à corriger."), errors);

    /// <summary>A campaign change that would alter dossiers in flight: every refused field, nothing stored.</summary>
    public static IResult CampaignInFlight(IReadOnlyList<FieldError> errors, int dossiersInFlight) =>
        Create(StatusCodes.Status409Conflict, Ami.Domain.Campaigns.CampaignChanges.InFlightCode, "Des dossiers de l'appel sont en cours",
            $"{Mail.French.Count(dossiersInFlight, "dossier est en cours", "dossiers sont en cours")} : seuls le titre, la date limite, les personnes et les délais "
            + $"peuvent changer. Rien n'a été enregistré ; {Mail.French.Count(errors.Count, "champ est refusé", "champs sont refusés")}.", errors);

    public static IResult CampaignNotFound() =>
        Create(StatusCodes.Status404NotFound, "campaign-not-found", "Appel à projets introuvable", "Aucun appel à projets ne porte cet identifiant.");

    /// <summary>Also the answer to a wrong or missing token: it never reveals that the dossier exists.</summary>
    public static IResult DossierNotFound() =>
        Create(StatusCodes.Status404NotFound, "dossier-not-found", "Dossier introuvable", "Aucun dossier accessible avec ces identifiants.");

    public static IResult CampaignNotOpen(DateTimeOffset opensAt) =>
        Create(StatusCodes.Status409Conflict, "campaign-not-open", "L'appel à projets n'est pas encore ouvert",
            $"Les dépôts sont acceptés à partir du {French(opensAt)}.");

    public static IResult DeadlinePassed(DateTimeOffset lastAccepted) =>
        Create(StatusCodes.Status409Conflict, "deadline-passed", "La date limite de dépôt est dépassée",
            $"Les dossiers devaient être déposés au plus tard le {French(lastAccepted)}. Votre tentative a été signalée aux services de la Région.");

    public static IResult NotWaiting() =>
        Create(StatusCodes.Status409Conflict, "not-waiting", "Le dossier n'attend pas de modification",
            "Un dossier ne peut être remplacé que lorsque les services de la Région ont demandé des compléments, et avant la date limite.");

    public static IResult RequestInProgress() =>
        Create(StatusCodes.Status409Conflict, "request-in-progress", "Une requête identique est en cours",
            "Une requête avec la même clé d'idempotence est en cours de traitement ; réessayez dans quelques secondes.",
            headers: new Dictionary<string, string> { ["Retry-After"] = "2" });

    public static IResult TooLarge(string code, string detail, string? field = null) =>
        Create(StatusCodes.Status413PayloadTooLarge, code, "Envoi trop volumineux", detail,
            field is null ? null : [new FieldError(field, code, detail)]);

    public static IResult UnsupportedFileType(IReadOnlyList<FieldError> errors) =>
        Create(StatusCodes.Status415UnsupportedMediaType, "unsupported-file-type", "Type de fichier non accepté",
            "Formats acceptés : PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS (reconnus d'après leur contenu).", errors);

    public static IResult NotMultipart() =>
        Create(StatusCodes.Status415UnsupportedMediaType, "multipart-expected", "Format de requête non accepté",
            "Le dépôt s'envoie en multipart/form-data : une partie « dossier » (JSON) et les fichiers.");

    public static IResult JsonExpected() =>
        Create(StatusCodes.Status415UnsupportedMediaType, "json-expected", "Format de requête non accepté", "Le corps de la requête doit être du JSON (application/json).");

    public static IResult IdempotencyKeyReused() =>
        Create(StatusCodes.Status422UnprocessableEntity, "idempotency-key-reused", "Clé d'idempotence déjà utilisée",
            "Cette clé Idempotency-Key a déjà servi pour une requête différente ; utilisez une nouvelle clé.");

    public static IResult IdempotencyKeyInvalid() =>
        Create(StatusCodes.Status400BadRequest, "idempotency-key-invalid", "Clé d'idempotence invalide",
            "L'en-tête Idempotency-Key doit compter de 1 à 200 caractères imprimables.");

    public static IResult MalformedUpload() =>
        Create(StatusCodes.Status400BadRequest, "malformed-upload", "Envoi incomplet ou mal formé",
            "Le contenu multipart n'a pas pu être lu en entier ; rien n'a été enregistré. Renvoyez le dossier.");

    /// <summary>A body that could not be read to its end (truncated, the client gone, a multipart without its closing boundary): as the intake's.</summary>
    public static IResult MalformedBody() =>
        Create(StatusCodes.Status400BadRequest, "malformed-upload", "Envoi incomplet ou mal formé",
            "Le corps de la requête n'a pas pu être lu en entier ; rien n'a été enregistré. Renvoyez la requête.");

    /// <summary>What reading a request body throws when the body is cut short or malformed (Kestrel's own is a <see cref="IOException"/>).</summary>
    public static bool IsUnreadableBody(Exception e) => e is IOException or InvalidDataException or BadHttpRequestException;

    public static IResult Unavailable() =>
        Create(StatusCodes.Status503ServiceUnavailable, "storage-unavailable", "Service momentanément indisponible",
            "Le dossier n'a pas pu être enregistré ; rien n'a été conservé. Réessayez dans quelques minutes.",
            headers: new Dictionary<string, string> { ["Retry-After"] = "30" });

    /// <summary>As the mails write it: <c>29 mai 2015 à 23 h 59 (heure de Paris)</c>.</summary>
    internal static string French(DateTimeOffset instant) => Mail.French.DateTime(instant) + " (heure de Paris)";
}

public sealed record ProblemError(string Field, string Code, string Message)
{
    public static ProblemError From(FieldError e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new ProblemError(e.Field, e.Code, e.Message);
    }
}

public sealed record ProblemDocument(
    string Type,
    string Title,
    int Status,
    string Detail,
    string Code,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ProblemError>? Errors)
{
    /// <summary>Extension members (RFC 9457 §3.2), written next to the standard ones.</summary>
    [JsonExtensionData]
    public IDictionary<string, object?>? Members { get; init; }
}

internal sealed class ProblemResult(ProblemDocument problem, IReadOnlyDictionary<string, string>? headers) : IResult
{
    public ProblemDocument Problem => problem;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = problem.Status;
        response.ContentType = "application/problem+json; charset=utf-8";
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            response.Headers[name] = value;
        }

        await JsonSerializer.SerializeAsync(response.Body, problem, AmiJson.Options, httpContext.RequestAborted);
    }
}

/// <summary>A JSON answer with the API's conventions (AmiJson) and optional headers, the same in both hosts.</summary>
public sealed class ApiJsonResult(object? body, int status, IReadOnlyDictionary<string, string>? headers = null) : IResult
{
    public object? Body => body;

    public int Status => status;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            response.Headers[name] = value;
        }

        await JsonSerializer.SerializeAsync(response.Body, body, body?.GetType() ?? typeof(object), AmiJson.Options, httpContext.RequestAborted);
    }
}
