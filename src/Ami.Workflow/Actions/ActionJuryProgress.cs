using Ami.Domain.Campaigns;
using Ami.Domain.States;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Actions;

/// <summary>
/// <see cref="IJuryProgress"/> from the jurors' links: for each dossier of the campaign in <c>jury</c>, the
/// <c>jury-score</c> links still pending (neither scored nor a conflict declared).
/// </summary>
public sealed class ActionJuryProgress(IDossierStore dossiers, ICampaignStore campaigns, IActionStore actions) : IJuryProgress
{
    public async Task<IReadOnlyList<PendingJurySheet>> ListPendingAsync(string campaignId, CancellationToken cancellationToken)
    {
        var campaign = await campaigns.GetAsync(campaignId, cancellationToken);
        if (campaign is null)
        {
            return [];
        }

        var due = campaign.JuryDueAt();
        var pending = new List<PendingJurySheet>();
        string? page = null;
        do
        {
            var batch = await dossiers.ListAsync(campaignId, DossierStatus.Jury, 200, page, cancellationToken);
            foreach (var dossier in batch.Items)
            {
                var links = await actions.ListAsync(dossier.DossierId, JourneySteps.JuryScore, 1, cancellationToken);
                pending.AddRange(links
                    .Where(l => l.Status == ActionLinkStatus.Pending)
                    .OrderBy(l => l.Grant.Index)
                    .Select(l => new PendingJurySheet(dossier.DossierId, l.Grant.Index, due)));
            }

            page = batch.ContinuationToken;
        }
        while (page is not null);

        return pending;
    }
}
