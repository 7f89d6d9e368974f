using Ami.Domain.States;
using Ami.Workflow.Actions;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Workspaces;

/// <summary>One dossier of the campaign as the jury sees it: the dossier and its jurors' <c>jury-score</c> links.</summary>
/// <param name="Sheets">The <c>jury-score#1</c> links (one per invited juror), pending or used.</param>
/// <param name="OpinionGiven">The jury's president gave the opinion (the <c>jury-opinion#1</c> step is decided); read only when asked, false otherwise.</param>
public sealed record DossierJury(DossierRecord Dossier, IReadOnlyList<ActionRecord> Sheets, bool OpinionGiven)
{
    /// <summary>The sheet link of juror <paramref name="index"/>, if the journey issued one.</summary>
    public ActionRecord? SheetOf(int index) => Sheets.FirstOrDefault(s => s.Grant.Index == index);

    public int Scored => Sheets.Count(s => s.Status == ActionLinkStatus.Used && s.Decision?.Decision == JourneyDecisions.Scored);

    /// <summary>Every juror answered (scored or declared a conflict) and at least two sheets are in: the journey moves on.</summary>
    public bool JuryComplete => Sheets.Count > 0 && Sheets.All(s => s.Status != ActionLinkStatus.Pending) && Scored >= MinimumSheets;

    /// <summary>The journey's rule (DossierJourney.RunJuryAsync): at least two sheets.</summary>
    public const int MinimumSheets = 2;
}

/// <summary>
/// Reads where the campaign's jury stands from the dossiers and their action links (Table <c>Actions</c>): the journeys
/// write them, the calendar and the jurors' workspace only read them.
/// </summary>
public sealed class JuryBoard(IDossierStore dossiers, IActionStore actions)
{
    /// <summary>The statuses of a dossier still bound for the jury or in it.</summary>
    private static readonly DossierStatus[] BeforeOpinion = [DossierStatus.Submitted, DossierStatus.Eligible, DossierStatus.Audition, DossierStatus.Jury];

    /// <summary>The campaign's dossiers in <c>jury</c>, each with its jurors' links (and whether the opinion is given, when asked).</summary>
    public async Task<IReadOnlyList<DossierJury>> InJuryAsync(string campaignId, CancellationToken cancellationToken, bool withOpinion = false)
    {
        var result = new List<DossierJury>();
        foreach (var dossier in await ListAsync(campaignId, DossierStatus.Jury, cancellationToken))
        {
            result.Add(await ReadAsync(dossier, cancellationToken, withOpinion));
        }

        return result;
    }

    /// <summary>One dossier with its jurors' links (and whether the opinion is given, when asked: one more read).</summary>
    public async Task<DossierJury> ReadAsync(DossierRecord dossier, CancellationToken cancellationToken, bool withOpinion = false)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        var sheets = await actions.ListAsync(dossier.DossierId, JourneySteps.JuryScore, 1, cancellationToken);
        var opinion = withOpinion && await actions.GetStepDecisionAsync(dossier.DossierId, JourneySteps.JuryOpinion, 1, cancellationToken) is not null;
        return new DossierJury(dossier, [.. sheets.OrderBy(s => s.Grant.Index)], opinion);
    }

    /// <summary>What the calendar needs: how many dossiers are in jury, whether every jury is complete, whether every opinion is given.</summary>
    public async Task<CalendarJuryState> StateAsync(string campaignId, CancellationToken cancellationToken)
    {
        var all = await ListAsync(campaignId, null, cancellationToken);
        var bound = all.Where(d => BeforeOpinion.Contains(d.Status)).ToList();
        var inJury = new List<DossierJury>();
        foreach (var dossier in bound.Where(d => d.Status == DossierStatus.Jury))
        {
            inJury.Add(await ReadAsync(dossier, cancellationToken, withOpinion: true));
        }

        var complete = inJury.Count > 0 && bound.Count == inJury.Count && inJury.All(d => d.JuryComplete);
        var opinions = bound.Count == inJury.Count && inJury.All(d => d.OpinionGiven)
            && all.Any(d => d.Status is DossierStatus.Cp or DossierStatus.Granted or DossierStatus.Refused or DossierStatus.Started
                or DossierStatus.BilanDue or DossierStatus.BilanSubmitted or DossierStatus.Closed);
        return new CalendarJuryState(inJury.Count, complete, opinions);
    }

    private async Task<List<DossierRecord>> ListAsync(string campaignId, DossierStatus? status, CancellationToken cancellationToken)
    {
        var list = new List<DossierRecord>();
        string? page = null;
        do
        {
            var batch = await dossiers.ListAsync(campaignId, status, 200, page, cancellationToken);
            list.AddRange(batch.Items);
            page = batch.ContinuationToken;
        }
        while (page is not null);

        return list;
    }
}
