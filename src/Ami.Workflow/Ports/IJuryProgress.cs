namespace Ami.Workflow.Ports;

/// <summary>A score sheet a juror still owes on a dossier (neither scored nor declared a conflict).</summary>
/// <param name="JurorIndex">The juror's position in the campaign's <c>jurors</c> list.</param>
public sealed record PendingJurySheet(string DossierId, int JurorIndex, DateTimeOffset DueAt);

/// <summary>Where each dossier's jury stands: read by the staff's daily digest to list late jurors.</summary>
public interface IJuryProgress
{
    /// <summary>Every sheet still owed in the campaign, due or not.</summary>
    Task<IReadOnlyList<PendingJurySheet>> ListPendingAsync(string campaignId, CancellationToken cancellationToken);
}
