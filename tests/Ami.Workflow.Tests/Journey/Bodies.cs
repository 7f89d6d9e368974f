using Ami.Domain.Scoring;

namespace Ami.Workflow.Tests.Journey;

/// <summary>The bodies people POST on their links (docs/api.md's table).</summary>
public static class Bodies
{
    public static object Eligible() => new { decision = "eligible" };

    public static object EligibleWithAudition(DateTimeOffset at) =>
        new { decision = "eligible", audition = true, auditionAt = at.ToString("O"), auditionPlace = "Hôtel de Région, salle 3" };

    public static object Ineligible(string why) => new { decision = "ineligible", comment = why };

    public static object ChangesRequested(string what) => new { decision = "changes-requested", comment = what };

    public static object Scored(int level) => Scored(ScoringGrid.Annex1.Criteria.ToDictionary(c => c.Key, _ => level));

    public static object Scored(IReadOnlyDictionary<string, int> scores) => new { decision = "scored", scores, comment = "Projet solide." };

    public static object Conflict() => new { decision = "conflict" };

    public static object Favourable(decimal proposed) => new { decision = "favourable", proposedAmount = proposed, comment = "Le jury salue l'implication des habitants." };

    public static object Granted(decimal amount) => new { decision = "granted", amount, cpDate = JourneyHost.Today, comment = "Aide attribuée." };

    public static object Refused(string why) => new { decision = "refused", cpDate = JourneyHost.Today, comment = why };

    public static object BilanAccepted() => new { decision = "accepted" };

    public static object BilanChanges(string what) => new { decision = "changes-requested", comment = what };
}
