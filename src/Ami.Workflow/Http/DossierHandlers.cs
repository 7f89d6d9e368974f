using System.Globalization;
using System.Text;
using System.Text.Json;
using Ami.Domain.Money;
using Ami.Domain.Scanning;
using Ami.Domain.States;
using Ami.Domain.Validation;
using Ami.Workflow.Configuration;
using Ami.Workflow.Intake;
using Ami.Workflow.Ports;
using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Ami.Workflow.Http;

/// <summary>
/// The dossier routes, host-agnostic: both Ami.Functions and Ami.LocalHost forward to these. Filing and replacing go to
/// the intake, whose results become responses here (<see cref="IntakeResponses"/>).
/// </summary>
public sealed class DossierHandlers(
    DossierIntake intake,
    IDossierFiling filings,
    IDossierStore dossiers,
    ICampaignStore campaigns,
    ITimeline timeline,
    IDossierViewExtras extras,
    Staff.StaffAccess staffAccess)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary><c>POST /api/campaigns/{campaignId}/dossiers</c> (anonymous).</summary>
    public async Task<IResult> SubmitAsync(HttpRequest request, string campaignId, DurableTaskClient client) =>
        IntakeResponses.ToResponse(await intake.SubmitAsync(IntakeResponses.UploadOf(request), campaignId, client));

    /// <summary><c>PUT /api/dossiers/{dossierId}</c> (holder token).</summary>
    public async Task<IResult> ResubmitAsync(HttpRequest request, string dossierId, DurableTaskClient client)
    {
        var token = AccessTokens.FromRequest(request);
        return IntakeResponses.ToResponse(await intake.ReplaceAsync(IntakeResponses.UploadOf(request), dossierId, hash => AccessTokens.Matches(token, hash), client));
    }

    /// <summary>The same replacement from the holder's page ("Mon dossier"), whose personal link the page has checked.</summary>
    public async Task<IResult> ResubmitFromHolderPageAsync(HttpRequest request, string dossierId, DurableTaskClient client) =>
        IntakeResponses.ToResponse(await intake.ReplaceAsync(IntakeResponses.UploadOf(request), dossierId, _ => true, client));

    /// <summary><c>GET /api/dossiers/{dossierId}</c>: holder token or staff key; anything else is 404.</summary>
    public async Task<IResult> GetAsync(HttpRequest request, string dossierId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cancellationToken = request.HttpContext.RequestAborted;
        var filed = await filings.GetFiledAsync(dossierId, cancellationToken);
        if (filed is null || !filed.Committed)
        {
            return Problems.DossierNotFound();
        }

        var staff = staffAccess.Allows(request);
        var allowed = staff || AccessTokens.Matches(AccessTokens.FromRequest(request), filed.Record.AccessTokenHash);
        if (!allowed)
        {
            return Problems.DossierNotFound();
        }

        var record = filed.Record;
        var view = new DossierView(
            record.DossierId,
            record.Reference,
            record.CampaignId,
            StatusText.Format(record.Status),
            record.SubmittedAt,
            (await timeline.ListAsync(dossierId, cancellationToken)).Select(t => new TimelineView(t.At, t.Event, staff ? t.Actor : Staff.StaffActors.ForHolder(t.Actor))).ToArray(),
            record.Attachments.Select(a => new AttachmentView(a.Kind, a.Name, a.Size, a.Sha256, a.Scan, a.Scan.ToFrench())).ToArray(),
            ParseJson(record.JuryJson),
            ParseJson(record.DecisionJson),
            await extras.GetInstalmentsAsync(record, cancellationToken));
        return new ApiJsonResult(view, StatusCodes.Status200OK, new Dictionary<string, string> { ["Cache-Control"] = "no-store" });
    }

    /// <summary><c>GET /api/campaigns/{campaignId}/dossiers?status=&amp;pageSize=&amp;continuationToken=</c> (staff).</summary>
    public async Task<IResult> ListAsync(HttpRequest request, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cancellationToken = request.HttpContext.RequestAborted;
        if (await campaigns.GetAsync(campaignId, cancellationToken) is null)
        {
            return Problems.CampaignNotFound();
        }

        var errors = new List<FieldError>();
        DossierStatus? status = null;
        var statusText = request.Query["status"].ToString();
        if (statusText.Length > 0)
        {
            if (StatusText.TryParse(statusText, out var s))
            {
                status = s;
            }
            else
            {
                errors.Add(new FieldError("status", "invalid-value", "Statut inconnu ; valeurs possibles : " + string.Join(", ", Enum.GetValues<DossierStatus>().Select(StatusText.Format)) + "."));
            }
        }

        var pageSize = DefaultPageSize;
        var pageSizeText = request.Query["pageSize"].ToString();
        if (pageSizeText.Length > 0 && (!int.TryParse(pageSizeText, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            errors.Add(new FieldError("pageSize", "out-of-range", $"La taille de page est un entier de 1 à {MaxPageSize}."));
        }

        if (errors.Count > 0)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid-query", "Paramètres de recherche invalides", "Corrigez les paramètres indiqués.", errors);
        }

        // The storage's continuation token is wrapped in base64url: opaque and safe in a query string.
        var continuation = request.Query["continuationToken"].ToString();
        string? storageToken = null;
        if (continuation.Length > 0)
        {
            try
            {
                storageToken = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(continuation));
            }
            catch (FormatException)
            {
                return InvalidContinuation();
            }
        }

        DossierPage page;
        try
        {
            page = await dossiers.ListAsync(campaignId, status, pageSize, storageToken, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == StatusCodes.Status400BadRequest)
        {
            return InvalidContinuation();
        }

        var items = page.Items.Select(d => new DossierListItem(d.DossierId, d.Reference, StatusText.Format(d.Status), d.SubmittedAt, d.HolderName, d.ActionTitle, d.RequestedAmount, AttachmentScanRules.Worst(d.Attachments.Select(a => a.Scan)))).ToArray();
        var next = page.ContinuationToken is null ? null : WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(page.ContinuationToken));
        return new ApiJsonResult(new DossierListPage(items, next), StatusCodes.Status200OK, new Dictionary<string, string> { ["Cache-Control"] = "no-store" });
    }

    private static IResult InvalidContinuation() =>
        Problems.Create(StatusCodes.Status400BadRequest, "invalid-query", "Paramètres de recherche invalides", "Le jeton de continuation n'est pas valide.",
            [new FieldError("continuationToken", "invalid-value", "Jeton de continuation invalide : reprenez depuis la première page.")]);

    private static JsonElement? ParseJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

public sealed record DossierView(
    string DossierId,
    string Reference,
    string CampaignId,
    string Status,
    DateTimeOffset SubmittedAt,
    IReadOnlyList<TimelineView> Timeline,
    IReadOnlyList<AttachmentView> Attachments,
    JsonElement? Jury,
    JsonElement? Decision,
    IReadOnlyList<InstalmentView> Instalments);

public sealed record TimelineView(DateTimeOffset At, string Event, string? Actor);

/// <param name="Scan">The antivirus state: <c>pending</c>, <c>safe</c>, <c>infected</c> or <c>failed</c>; <paramref name="ScanLabel"/> says it in French.</param>
public sealed record AttachmentView(string Kind, string Name, long Size, string Sha256, ScanState Scan, string ScanLabel);

/// <param name="AttachmentsScan">The worst antivirus state of the dossier's files: <c>infected</c> marks the dossier for staff.</param>
public sealed record DossierListItem(string DossierId, string Reference, string Status, DateTimeOffset SubmittedAt, string HolderName, string ActionTitle, Euros RequestedAmount, ScanState AttachmentsScan);

public sealed record DossierListPage(IReadOnlyList<DossierListItem> Items, string? ContinuationToken);
