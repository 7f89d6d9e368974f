using System.Text.Json;
using Ami.Domain.Campaigns;
using Ami.Domain.Json;
using Ami.Domain.Scoring;
using Ami.Domain.States;
using Ami.Workflow.Actions;
using Ami.Workflow.Activities;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;
using Microsoft.DurableTask.Client;

namespace Ami.Workflow.Workspaces;

/// <summary>One line of the campaign's ranking (<see cref="JuryRanking"/>), as the president's page shows it.</summary>
/// <param name="Scale">The maximum of the dossier's frozen grid (Annex 1: 36).</param>
/// <param name="Divergent">The labels of the divergent criteria, from the dossier's grid.</param>
public sealed record RankingLine(
    int Rank,
    DossierRecord Dossier,
    JuryReport Jury,
    int Scale,
    IReadOnlyList<string> Divergent);

/// <summary>A dossier whose journey waits for a step of a workspace now (at <paramref name="Attempt"/>).</summary>
public sealed record AwaitingDossier(DossierRecord Dossier, int Attempt, JuryReport? Jury, StepDecision? Opinion);

/// <summary>
/// What the workspaces read of a campaign: its dossiers, the ranking of the scored ones (the domain's
/// <see cref="JuryRanking"/> on each dossier's aggregate, <see cref="JuryReport"/>), and those whose journey waits for a
/// given step. The journeys are the truth: a dossier is offered only while its journey waits for that step.
/// </summary>
public sealed class WorkspaceDossiers(IDossierStore dossiers, ICampaignStore campaigns, IActionStore actions)
{
    private const int PageSize = 200;

    public Task<Campaign?> CampaignAsync(string campaignId, CancellationToken cancellationToken) => campaigns.GetAsync(campaignId, cancellationToken);

    /// <summary>Every dossier of the campaign with <paramref name="status"/> (every status when null).</summary>
    public async Task<IReadOnlyList<DossierRecord>> ListAsync(string campaignId, DossierStatus? status, CancellationToken cancellationToken)
    {
        var all = new List<DossierRecord>();
        string? continuation = null;
        do
        {
            var page = await dossiers.ListAsync(campaignId, status, PageSize, continuation, cancellationToken);
            all.AddRange(page.Items);
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
        return all;
    }

    /// <summary>The jury's aggregate kept on the dossier, or null before its jury scored it.</summary>
    public static JuryReport? Jury(DossierRecord dossier) =>
        dossier.JuryJson is { Length: > 0 } json && JsonSerializer.Deserialize<JuryReport>(json, AmiJson.Options) is { Sheets: > 0 } report ? report : null;

    /// <summary>The scored dossiers of the campaign, best first (ties share a rank).</summary>
    public static IReadOnlyList<RankingLine> Ranking(IEnumerable<DossierRecord> all)
    {
        var scored = all.Select(d => (Dossier: d, Jury: Jury(d))).Where(x => x.Jury is not null).ToDictionary(x => x.Dossier.DossierId, StringComparer.Ordinal);
        return [.. JuryRanking.Rank(scored.Values.Select(x => (x.Dossier.DossierId, x.Dossier.Reference, x.Jury!.ToResult())))
            .Select(r =>
            {
                var (dossier, jury) = scored[r.DossierId];
                var grid = dossier.JuryGrid;
                return new RankingLine(r.Rank, dossier, jury!, grid.MaxTotal, [.. jury!.Divergent.Select(k => grid.Find(k)?.Label ?? k)]);
            })];
    }

    /// <summary>
    /// The dossiers of <paramref name="candidates"/> whose journey waits for <paramref name="step"/> now, with the jury's
    /// aggregate and, for the CP, the jury's opinion (the <c>jury-opinion</c> step's recorded decision).
    /// </summary>
    public async Task<IReadOnlyList<AwaitingDossier>> AwaitingAsync(IEnumerable<DossierRecord> candidates, string step, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var ordered = candidates.OrderBy(d => d.Reference, StringComparer.Ordinal).ToList();
        var found = new AwaitingDossier?[ordered.Count];

        // One status query per dossier, a few at a time (a call of a few hundred dossiers opens in a second or two).
        await Parallel.ForEachAsync(Enumerable.Range(0, ordered.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var dossier = ordered[i];
            var status = await client.GetJourneyStatusAsync(dossier.DossierId, ct);
            if (status is null || !status.AllowsAction(step, status.Attempt))
            {
                return;
            }

            var opinion = step == JourneySteps.CpDecision
                ? await actions.GetStepDecisionAsync(dossier.DossierId, JourneySteps.JuryOpinion, status.Attempt, ct)
                : null;
            found[i] = new AwaitingDossier(dossier, status.Attempt, Jury(dossier), opinion);
        });
        return [.. found.OfType<AwaitingDossier>()];
    }
}
