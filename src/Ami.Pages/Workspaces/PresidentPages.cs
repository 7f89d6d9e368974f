using Ami.Pages.Components.Workspaces;
using Ami.Workflow.Links;
using Ami.Workflow.Workspaces;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Ami.Pages.Workspaces;

/// <summary>What the president's page renders.</summary>
public sealed record OpinionsPageModel(string Token, OpinionsView View, IReadOnlyDictionary<string, WorkspaceRow> Rows, IReadOnlyList<string> Errors);

/// <summary>
/// The jury president's page (<c>/jury/avis/{token}</c>): the campaign's ranking, and one row per dossier whose journey
/// waits for the jury's opinion, filled in one sitting and submitted once (<see cref="JuryOpinions"/>). On any row error,
/// the page comes back (400) with each error next to its row and in a summary at the top, what was typed kept, nothing recorded.
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
        return view is null ? await gate.NotFoundAsync("Campagne introuvable") : await RenderAsync(StatusCodes.Status200OK, token, view, new Dictionary<string, WorkspaceRow>(), []);
    }

    /// <summary><c>POST /jury/avis/{token}</c>: rows <c>r{i}.id</c>, <c>r{i}.decision</c>, <c>r{i}.montant</c>, <c>r{i}.conclusions</c>.</summary>
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

        var result = await opinions.SubmitAsync(grant.CampaignId, entries, client, cancellationToken);
        switch (result.Outcome)
        {
            case WorkspaceOutcome.Invalid:
                var rows = entries.ToDictionary(
                    e => e.DossierId,
                    e => new WorkspaceRow(e.Row, typed[e.DossierId], WorkspaceRow.ErrorsOf(result.RowErrors.GetValueOrDefault(e.Row))),
                    StringComparer.Ordinal);
                return await RenderAsync(StatusCodes.Status400BadRequest, token, await opinions.ViewAsync(grant.CampaignId, client, cancellationToken) ?? view, rows, result.Errors);
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

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
