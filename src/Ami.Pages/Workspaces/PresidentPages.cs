using Ami.Pages.Components.Workspaces;
using Ami.Workflow.Links;
using Ami.Workflow.Workspaces;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Ami.Pages.Workspaces;

/// <summary>What the president's page renders.</summary>
/// <param name="SavedAt">When opinions in progress were last saved (« Enregistrer »), if any are kept.</param>
/// <param name="Notice">A line for the top of the page (the save done).</param>
public sealed record OpinionsPageModel(string Token, OpinionsView View, IReadOnlyDictionary<string, WorkspaceRow> Rows, IReadOnlyList<string> Errors, DateTimeOffset? SavedAt = null, string? Notice = null);

/// <summary>
/// The jury president's page (<c>/jury/avis/{token}</c>): the campaign's ranking, and one row per dossier whose journey
/// waits for the jury's opinion, submitted once (« Transmettre les avis », <see cref="JuryOpinions"/>). On any row error,
/// the page comes back (400) with each error next to its row and in a summary at the top, what was typed kept, nothing recorded.
/// « Enregistrer » (<c>action=enregistrer</c>) keeps the opinions in progress, unchecked, for later: the page shows them
/// again from the same link; they count for nothing until transmitted.
/// </summary>
public sealed class PresidentPages(WorkspaceGate gate, JuryOpinions opinions, PageRenderer pages)
{
    /// <summary><c>GET /jury/avis/{token}</c>.</summary>
    public async Task<IResult> ShowAsync(string token, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (grant, refusal) = await gate.OpenAsync(token, WorkspaceRole.President);
        if (refusal is not null)
        {
            return refusal;
        }

        var view = await opinions.ViewAsync(grant!.CampaignId, client, cancellationToken);
        return view is null ? await gate.NotFoundAsync("Campagne introuvable") : await RenderSavedAsync(StatusCodes.Status200OK, token, grant.CampaignId, view, null, cancellationToken);
    }

    /// <summary>
    /// <c>POST /jury/avis/{token}</c>: rows <c>r{i}.id</c>, <c>r{i}.decision</c>, <c>r{i}.montant</c>, <c>r{i}.conclusions</c>;
    /// <c>action=enregistrer</c> saves them in progress, any other (<c>transmettre</c>, or none) records them.
    /// </summary>
    public async Task<IResult> SubmitAsync(HttpRequest request, string token, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (grant, refusal) = await gate.OpenForPostAsync(request, token, WorkspaceRole.President);
        if (refusal is not null)
        {
            return refusal;
        }

        var view = await opinions.ViewAsync(grant!.CampaignId, client, cancellationToken);
        if (view is null)
        {
            return await gate.NotFoundAsync("Campagne introuvable");
        }

        var form = await HolderPages.ReadFormAsync(request, cancellationToken);
        var entries = new List<OpinionEntry>();
        var typed = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        for (var i = 0; i < 1000 && form is not null && form.ContainsKey($"r{i}.id"); i++)
        {
            string F(string name) => form[$"r{i}.{name}"].ToString();
            var id = F("id");
            typed[id] = new Dictionary<string, string>(StringComparer.Ordinal) { ["decision"] = F("decision"), ["montant"] = F("montant"), ["motifs"] = F("conclusions") };
            entries.Add(new OpinionEntry(i + 1, id, NullIfEmpty(F("decision")), F("montant"), F("conclusions")));
        }

        if (entries.Count == 0)
        {
            return await RenderAsync(StatusCodes.Status400BadRequest, token, view, new Dictionary<string, WorkspaceRow>(), ["Aucun avis n'a été envoyé."]);
        }

        if (form?["action"].ToString() == "enregistrer")
        {
            var saved = await opinions.SaveDraftAsync(grant.CampaignId, view, entries, cancellationToken);
            if (saved.Outcome == WorkspaceOutcome.Invalid)
            {
                var refused = entries.ToDictionary(
                    e => e.DossierId,
                    e => new WorkspaceRow(e.Row, typed[e.DossierId], WorkspaceRow.ErrorsOf(saved.RowErrors.GetValueOrDefault(e.Row))),
                    StringComparer.Ordinal);
                return await pages.PageAsync<PresidentOpinions>(StatusCodes.Status400BadRequest, new Dictionary<string, object?>
                {
                    ["M"] = new OpinionsPageModel(token, view, refused, []),
                });
            }

            var given = saved.Recorded.Count;
            return await RenderSavedAsync(StatusCodes.Status200OK, token, grant.CampaignId, view,
                $"Avis en cours enregistrés ({Workflow.Mail.French.Count(given, "dossier", "dossiers")}). Ils ne sont pas transmis : revenez par le même lien pour les compléter, puis «\u00a0Transmettre les avis\u00a0».",
                cancellationToken);
        }

        var result = await opinions.SubmitAsync(grant.CampaignId, view, entries, client, cancellationToken);
        switch (result.Outcome)
        {
            case WorkspaceOutcome.Invalid:
                // Nothing recorded; what was typed is kept as the opinions in progress, so that the page left before the
                // row is corrected still finds it from the link (as « Enregistrer » does; a text too long is not kept).
                await opinions.SaveDraftAsync(grant.CampaignId, view, entries, cancellationToken);
                var rows = entries.ToDictionary(
                    e => e.DossierId,
                    e => new WorkspaceRow(e.Row, typed[e.DossierId], WorkspaceRow.ErrorsOf(result.RowErrors.GetValueOrDefault(e.Row))),
                    StringComparer.Ordinal);
                return await RenderAsync(StatusCodes.Status400BadRequest, token, view, rows, result.Errors); // nothing recorded: the view read above stands
            case WorkspaceOutcome.Already:
                return await pages.MessageAsync(StatusCodes.Status409Conflict, "Déjà enregistré",
                    ["Ces avis sont déjà enregistrés : rien n'a été modifié."], "", WorkspaceRoutes.OpinionsPath(token), "Retour à la page des avis");
            default:
                return await pages.MessageAsync(StatusCodes.Status200OK, "Avis enregistrés",
                    [
                        $"{Workflow.Mail.French.Count(result.Recorded.Count, "avis enregistré", "avis enregistrés")} : {string.Join(", ", result.Recorded)}.",
                        .. result.NotRecorded.Select(n => "Non enregistré, " + n + "."),
                        "Les dossiers passent à la Commission permanente ; les porteurs liront les conclusions du jury avec sa décision.",
                    ], "ok", WorkspaceRoutes.OpinionsPath(token), "Retour à la page des avis");
        }
    }

    private Task<IResult> RenderAsync(int status, string token, OpinionsView view, IReadOnlyDictionary<string, WorkspaceRow> rows, IReadOnlyList<string> errors) =>
        pages.PageAsync<PresidentOpinions>(status, new Dictionary<string, object?> { ["M"] = new OpinionsPageModel(token, view, rows, errors) });

    /// <summary>The page with the opinions in progress saved for the dossiers still waiting.</summary>
    private async Task<IResult> RenderSavedAsync(int status, string token, string campaignId, OpinionsView view, string? notice, CancellationToken cancellationToken)
    {
        var drafts = await opinions.DraftsAsync(campaignId, cancellationToken);
        var waiting = view.Awaiting.Select(a => a.Dossier.DossierId).Where(drafts.ContainsKey).ToList();
        var rows = waiting.ToDictionary(
            id => id,
            id => new WorkspaceRow(0, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["decision"] = drafts[id].Decision ?? "", ["montant"] = drafts[id].ProposedAmount ?? "", ["motifs"] = drafts[id].Conclusions ?? "",
            }, new Dictionary<string, string>()),
            StringComparer.Ordinal);
        DateTimeOffset? savedAt = waiting.Count == 0 ? null : waiting.Max(id => drafts[id].SavedAt);
        return await pages.PageAsync<PresidentOpinions>(status, new Dictionary<string, object?> { ["M"] = new OpinionsPageModel(token, view, rows, [], savedAt, notice) });
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
