using Ami.Domain.States;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Activities;

/// <summary>
/// The dossier's stored status. The journey checks it when the holder's replacement is announced: the intake
/// stores the new dossier (status <c>submitted</c>) before raising the event, so an event that finds the dossier
/// still <c>changes-requested</c> is a stale duplicate and is ignored.
/// </summary>
public sealed class ReadDossierStatusActivity(IDossierStore dossiers) : JourneyActivity<string, DossierStatus>
{
    public override async Task<DossierStatus> ExecuteAsync(string input, CancellationToken cancellationToken) =>
        (await dossiers.GetAsync(input, cancellationToken) ?? throw new InvalidOperationException($"Dossier {input} not found.")).Status;
}
