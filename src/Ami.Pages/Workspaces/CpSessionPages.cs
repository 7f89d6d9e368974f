using System.Globalization;
using Ami.Domain.Campaigns;
using Ami.Pages.Components.Workspaces;
using Ami.Workflow.Exports;
using Ami.Workflow.Links;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Workspaces;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Ami.Pages.Workspaces;

/// <summary>What the CP secretariat's home renders: the sessions and the form that opens one.</summary>
public sealed record CpHomeModel(string Token, Campaign Campaign, IReadOnlyList<CpSession> Sessions, int Awaiting, string FormKey, string? DateTyped, string? DateError);

/// <summary>One line of a refused CSV: its line, the reference as written and every problem.</summary>
public sealed record CsvLineErrors(int Line, string Reference, IReadOnlyList<string> Messages);

/// <summary>What a session's page renders.</summary>
public sealed record CpSessionPageModel(string Token, CpSessionView View, IReadOnlyDictionary<string, WorkspaceRow> Rows, IReadOnlyList<string> Errors, IReadOnlyList<CsvLineErrors> CsvErrors);

/// <summary>What the tableau des décisions renders.</summary>
public sealed record CpTableModel(string Token, Campaign Campaign, CpSession Session);

/// <summary>
/// "Séance de la Commission permanente" (<c>/commission/{token}</c>): the secretariat opens a session with its date, enters
/// the decisions by form or imports the deliberation's CSV (<see cref="CpDecisionCsv"/>), then prints the tableau des
/// décisions or downloads it as CSV. Every row is checked before anything is recorded (<see cref="CpSessions"/>).
/// </summary>
public sealed class CpSessionPages(WorkspaceGate gate, CpSessions sessions, WorkspaceDossiers workspace, PageRenderer pages, TimeProvider clock)
{
    /// <summary><c>GET /commission/{token}</c>.</summary>
    public async Task<IResult> HomeAsync(string token, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (grant, refusal) = await gate.OpenAsync(token, WorkspaceRole.CpSecretariat);
        return refusal ?? await RenderHomeAsync(StatusCodes.Status200OK, token, grant!.CampaignId, null, null, client, cancellationToken);
    }

    /// <summary><c>POST /commission/{token}/seances</c>: <c>date</c> (AAAA-MM-JJ) and the form's key <c>cle</c>.</summary>
    public async Task<IResult> OpenAsync(HttpRequest request, string token, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (grant, refusal) = await gate.OpenForPostAsync(request, token, WorkspaceRole.CpSecretariat);
        if (refusal is not null)
        {
            return refusal;
        }

        var form = await HolderPages.ReadFormAsync(request, cancellationToken);
        var typed = form?["date"].ToString().Trim() ?? "";
        var key = form?["cle"].ToString() is { Length: > 0 and <= 64 } k ? k : Guid.NewGuid().ToString("N");
        if (!DateOnly.TryParseExact(typed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var error = typed.Length == 0 ? "Indiquez la date de la séance." : "Date attendue au format JJ/MM/AAAA.";
            return await RenderHomeAsync(StatusCodes.Status400BadRequest, token, grant!.CampaignId, typed, error, client, cancellationToken);
        }

        var session = await sessions.OpenAsync(grant!.CampaignId, date, key, cancellationToken);
        return Results.Redirect(WorkspaceRoutes.SessionPath(token, session.SessionId));
    }

    /// <summary><c>GET /commission/{token}/seances/{sessionId}</c>.</summary>
    public async Task<IResult> SessionAsync(string token, string sessionId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (grant, refusal) = await gate.OpenAsync(token, WorkspaceRole.CpSecretariat);
        if (refusal is not null)
        {
            return refusal;
        }

        var view = await sessions.ViewAsync(grant!.CampaignId, sessionId, client, cancellationToken);
        return view is null ? await gate.NotFoundAsync("Séance introuvable") : await RenderSessionAsync(StatusCodes.Status200OK, token, view, new Dictionary<string, WorkspaceRow>(), [], []);
    }

    /// <summary>
    /// <c>POST /commission/{token}/seances/{sessionId}</c>: for each row <c>d{i}.id</c>, <c>d{i}.decision</c> (<c>granted</c>,
    /// <c>refused</c>, or empty: not examined in this session), <c>d{i}.montant</c>, <c>d{i}.motifs</c>.
    /// </summary>
    public async Task<IResult> SubmitAsync(HttpRequest request, string token, string sessionId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (grant, refusal) = await gate.OpenForPostAsync(request, token, WorkspaceRole.CpSecretariat);
        if (refusal is not null)
        {
            return refusal;
        }

        var view = await sessions.ViewAsync(grant!.CampaignId, sessionId, client, cancellationToken);
        if (view is null)
        {
            return await gate.NotFoundAsync("Séance introuvable");
        }

        var form = await HolderPages.ReadFormAsync(request, cancellationToken);
        var entries = new List<CpEntry>();
        var typed = new Dictionary<string, WorkspaceRow>(StringComparer.Ordinal);
        for (var i = 0; i < 1000 && form is not null && form.ContainsKey($"d{i}.id"); i++)
        {
            string F(string name) => form[$"d{i}.{name}"].ToString();
            var values = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["decision"] = F("decision"), ["montant"] = F("montant"), ["motifs"] = F("motifs"),
            };
            typed[F("id")] = new WorkspaceRow(i + 1, values, new Dictionary<string, string>());

            // A dossier without a decision (« Pas examiné lors de cette séance ») is left for a later session.
            if (!string.IsNullOrWhiteSpace(F("decision")))
            {
                entries.Add(new CpEntry(i + 1, null, F("id"), F("decision"), F("montant"), F("motifs")));
            }
        }

        var result = await sessions.SubmitAsync(grant.CampaignId, sessionId, entries, client, cancellationToken);
        if (result.Outcome == WorkspaceOutcome.Invalid)
        {
            var rows = typed.ToDictionary(t => t.Key, t => t.Value with { Errors = WorkspaceRow.ErrorsOf(result.RowErrors.GetValueOrDefault(t.Value.Row)) }, StringComparer.Ordinal);
            return await RenderSessionAsync(StatusCodes.Status400BadRequest, token, view, rows, result.Errors, []);
        }

        return await DoneAsync(token, sessionId, result);
    }

    /// <summary><c>POST /commission/{token}/seances/{sessionId}/import</c>: the deliberation's CSV (multipart field <c>fichier</c>).</summary>
    public async Task<IResult> ImportAsync(HttpRequest request, string token, string sessionId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (grant, refusal) = await gate.OpenForPostAsync(request, token, WorkspaceRole.CpSecretariat);
        if (refusal is not null)
        {
            return refusal;
        }

        var view = await sessions.ViewAsync(grant!.CampaignId, sessionId, client, cancellationToken);
        if (view is null)
        {
            return await gate.NotFoundAsync("Séance introuvable");
        }

        if (request.ContentLength > CpDecisionCsv.MaxBytes + 64 * 1024)
        {
            return await RenderSessionAsync(StatusCodes.Status400BadRequest, token, view, new Dictionary<string, WorkspaceRow>(), ["Le fichier dépasse 1 Mo."], []);
        }

        var form = await HolderPages.ReadFormAsync(request, cancellationToken);
        var file = form?.Files.GetFile("fichier");
        if (file is null || file.Length == 0)
        {
            return await RenderSessionAsync(StatusCodes.Status400BadRequest, token, view, new Dictionary<string, WorkspaceRow>(), ["Choisissez le fichier CSV de la délibération."], []);
        }

        byte[] content;
        using (var memory = new MemoryStream())
        {
            await using var stream = file.OpenReadStream();
            await stream.CopyToAsync(memory, cancellationToken);
            content = memory.ToArray();
        }

        var (entries, fileErrors) = CpDecisionCsv.Read(content);
        if (fileErrors.Count > 0)
        {
            return await RenderSessionAsync(StatusCodes.Status400BadRequest, token, view, new Dictionary<string, WorkspaceRow>(), fileErrors, []);
        }

        var result = await sessions.SubmitAsync(grant.CampaignId, sessionId, entries, client, cancellationToken);
        if (result.Outcome == WorkspaceOutcome.Invalid)
        {
            var lines = entries
                .Where(e => result.RowErrors.ContainsKey(e.Row))
                .Select(e => new CsvLineErrors(e.Row, e.Reference ?? "", [.. result.RowErrors[e.Row].Select(x => CpDecisionCsv.LabelOf(x) + " : " + CsvMessage(x, e))]))
                .ToList();
            return await RenderSessionAsync(StatusCodes.Status400BadRequest, token, view, new Dictionary<string, WorkspaceRow>(), result.Errors, lines);
        }

        return await DoneAsync(token, sessionId, result);
    }

    /// <summary>
    /// A rule's message in the CSV's words: its decision column says <c>accordé</c> or <c>refusé</c>, not the API's codes,
    /// and an unreadable amount is quoted as written.
    /// </summary>
    private static string CsvMessage(Domain.Validation.FieldError error, CpEntry entry) => error.Code switch
    {
        Workflow.Actions.ActionDecisionRules.DecisionNotAllowed => $"« {entry.Decision} » n'est pas une décision : accordé ou refusé attendu.",
        Domain.Validation.ErrorCodes.InvalidAmount => $"« {entry.Amount} » n'est pas un montant en euros (par exemple 28 333,33 : au plus deux décimales).",
        _ => error.Message,
    };

    /// <summary><c>GET /commission/{token}/seances/{sessionId}/tableau</c>: the print view.</summary>
    public async Task<IResult> TableAsync(string token, string sessionId, CancellationToken cancellationToken)
    {
        var (campaign, session, refusal) = await SessionOfAsync(token, sessionId, cancellationToken);
        return refusal ?? await pages.PageAsync<CpDecisionTable>(StatusCodes.Status200OK, new Dictionary<string, object?> { ["M"] = new CpTableModel(token, campaign!, session!) });
    }

    /// <summary><c>GET /commission/{token}/seances/{sessionId}/tableau.csv</c>: the same, as CSV (semicolons, UTF-8 BOM).</summary>
    public async Task<IResult> TableCsvAsync(string token, string sessionId, CancellationToken cancellationToken)
    {
        var (_, session, refusal) = await SessionOfAsync(token, sessionId, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var day = session!.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        ExportColumn<CpSessionDecision>[] columns =
        [
            new("reference", d => d.Reference),
            new("décision", d => CpDecisionCsv.Word(d.Decision)),
            new("montant", d => d.Amount is { } a ? a.ToDecimal().ToString("0.00", CultureInfo.GetCultureInfo("fr-FR")) : ""),
            new("motifs", d => d.Reasons ?? ""),
            new("porteur", d => d.HolderName),
            new("action", d => d.ActionTitle),
            new("montant demandé", d => d.RequestedAmount.ToDecimal().ToString("0.00", CultureInfo.GetCultureInfo("fr-FR"))),
            new("avis du jury", d => CpTableText.Opinion(d.Opinion)),
            new("montant proposé", d => d.ProposedAmount is { } p ? p.ToDecimal().ToString("0.00", CultureInfo.GetCultureInfo("fr-FR")) : ""),
            new("date de séance", _ => day),
            new("enregistrée", d => d.Outcome == "recorded" ? "oui" : d.Outcome is null ? "" : "non"),
        ];
        return SpreadsheetExport.Csv($"decisions-cp-{day}.csv", columns, session.Decisions);
    }

    private async Task<(Campaign? Campaign, CpSession? Session, IResult? Refusal)> SessionOfAsync(string token, string sessionId, CancellationToken cancellationToken)
    {
        var (grant, refusal) = await gate.OpenAsync(token, WorkspaceRole.CpSecretariat);
        if (refusal is not null)
        {
            return (null, null, refusal);
        }

        var campaign = await workspace.CampaignAsync(grant!.CampaignId, cancellationToken);
        var list = campaign is null ? [] : await sessions.ListAsync(grant.CampaignId, cancellationToken);
        var session = list.FirstOrDefault(s => s.SessionId == sessionId);
        return session is null ? (null, null, await gate.NotFoundAsync("Séance introuvable")) : (campaign, session, null);
    }

    private Task<IResult> DoneAsync(string token, string sessionId, WorkspaceSubmission result) =>
        result.Outcome == WorkspaceOutcome.Already
            ? pages.MessageAsync(StatusCodes.Status409Conflict, "Déjà enregistré",
                ["Les décisions de cette séance sont déjà enregistrées : rien n'a été modifié."], "", WorkspaceRoutes.SessionPath(token, sessionId) + "/tableau", "Voir le tableau des décisions")
            : pages.MessageAsync(StatusCodes.Status200OK, "Décisions enregistrées",
                [
                    $"{Workflow.Mail.French.Count(result.Recorded.Count, "décision enregistrée", "décisions enregistrées")} : {string.Join(", ", result.Recorded)}.",
                    .. result.NotRecorded.Select(n => "Non enregistrée, " + n + "."),
                    "Chaque porteur reçoit la décision par courriel.",
                ], "ok", WorkspaceRoutes.SessionPath(token, sessionId) + "/tableau", "Voir le tableau des décisions");

    private async Task<IResult> RenderHomeAsync(int status, string token, string campaignId, string? typed, string? error, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var campaign = await workspace.CampaignAsync(campaignId, cancellationToken);
        if (campaign is null)
        {
            return await gate.NotFoundAsync("Campagne introuvable");
        }

        var awaiting = await workspace.AwaitingAsync(await workspace.ListAsync(campaignId, Domain.States.DossierStatus.Cp, cancellationToken), JourneySteps.CpDecision, client, cancellationToken);
        var model = new CpHomeModel(token, campaign, await sessions.ListAsync(campaignId, cancellationToken), awaiting.Count, Guid.NewGuid().ToString("N"), typed ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), error);
        return await pages.PageAsync<CpHome>(status, new Dictionary<string, object?> { ["M"] = model });
    }

    private Task<IResult> RenderSessionAsync(int status, string token, CpSessionView view, IReadOnlyDictionary<string, WorkspaceRow> rows, IReadOnlyList<string> errors, IReadOnlyList<CsvLineErrors> csvErrors) =>
        pages.PageAsync<CpSessionForm>(status, new Dictionary<string, object?> { ["M"] = new CpSessionPageModel(token, view, rows, errors, csvErrors) });
}

/// <summary>The words of the CP pages.</summary>
public static class CpTableText
{
    public static string Opinion(string opinion) => opinion switch
    {
        JourneyDecisions.Favourable => "favorable",
        JourneyDecisions.Unfavourable => "défavorable",
        _ => "",
    };

    public static string Decision(string decision) => decision switch
    {
        JourneyDecisions.Granted => "Aide accordée",
        JourneyDecisions.Refused => "Refus",
        _ => decision,
    };
}
