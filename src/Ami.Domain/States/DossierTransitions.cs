using Ami.Domain.Validation;

namespace Ami.Domain.States;

/// <summary>
/// The moves a dossier may make between the statuses of docs/api.md. A holder may withdraw at any
/// stage until the dossier ends; <see cref="DossierStatus.Ineligible"/>, <see cref="DossierStatus.Refused"/>,
/// <see cref="DossierStatus.Closed"/> and <see cref="DossierStatus.Withdrawn"/> end it.
/// </summary>
/// <remarks>
/// When staff ask for changes to a bilan, the dossier goes from <c>bilan-submitted</c> back to
/// <c>bilan-due</c> (a bilan is expected again, with its reminders), never back to <c>started</c>: the
/// first year is over once a bilan has been handed in, and the 30 % waits for an accepted bilan.
/// </remarks>
public static class DossierTransitions
{
    private static readonly Dictionary<DossierStatus, DossierStatus[]> Allowed = new()
    {
        [DossierStatus.Submitted] = [DossierStatus.Eligible, DossierStatus.Ineligible, DossierStatus.ChangesRequested, DossierStatus.Withdrawn],
        [DossierStatus.ChangesRequested] = [DossierStatus.Submitted, DossierStatus.Ineligible, DossierStatus.Withdrawn],
        [DossierStatus.Eligible] = [DossierStatus.Audition, DossierStatus.Jury, DossierStatus.Withdrawn],
        [DossierStatus.Audition] = [DossierStatus.Jury, DossierStatus.Withdrawn],
        [DossierStatus.Jury] = [DossierStatus.Cp, DossierStatus.Withdrawn],
        [DossierStatus.Cp] = [DossierStatus.Granted, DossierStatus.Refused, DossierStatus.Withdrawn],
        [DossierStatus.Granted] = [DossierStatus.Started, DossierStatus.Withdrawn],
        [DossierStatus.Started] = [DossierStatus.BilanDue, DossierStatus.BilanSubmitted, DossierStatus.Withdrawn],
        [DossierStatus.BilanDue] = [DossierStatus.BilanSubmitted, DossierStatus.Withdrawn],
        [DossierStatus.BilanSubmitted] = [DossierStatus.Closed, DossierStatus.BilanDue, DossierStatus.Withdrawn],
        [DossierStatus.Ineligible] = [],
        [DossierStatus.Refused] = [],
        [DossierStatus.Closed] = [],
        [DossierStatus.Withdrawn] = [],
    };

    public static bool CanMove(DossierStatus from, DossierStatus to) =>
        Allowed.TryGetValue(from, out var next) && Array.IndexOf(next, to) >= 0;

    /// <exception cref="DomainException"><c>invalid-transition</c> when the move is not allowed.</exception>
    public static void Ensure(DossierStatus from, DossierStatus to)
    {
        if (!CanMove(from, to))
        {
            throw new DomainException(
                ErrorCodes.InvalidTransition,
                $"Un dossier au statut « {from.ToFrench()} » ne peut pas passer au statut « {to.ToFrench()} ».");
        }
    }

    /// <summary>The statuses <paramref name="from"/> may move to (empty for a terminal status).</summary>
    public static IReadOnlyList<DossierStatus> NextFrom(DossierStatus from) =>
        Allowed.TryGetValue(from, out var next) ? next : [];

    /// <summary>True when the dossier has ended: ineligible, refused, closed or withdrawn.</summary>
    public static bool IsTerminal(DossierStatus status) => NextFrom(status).Count == 0;
}

public static class DossierStatusText
{
    /// <summary>The status as holders and staff read it in French.</summary>
    public static string ToFrench(this DossierStatus status) => status switch
    {
        DossierStatus.Submitted => "déposé",
        DossierStatus.ChangesRequested => "compléments demandés",
        DossierStatus.Eligible => "éligible",
        DossierStatus.Ineligible => "inéligible",
        DossierStatus.Audition => "audition",
        DossierStatus.Jury => "examen par le jury",
        DossierStatus.Cp => "examen en Commission permanente",
        DossierStatus.Granted => "aide accordée",
        DossierStatus.Refused => "aide refusée",
        DossierStatus.Started => "action démarrée",
        DossierStatus.BilanDue => "bilan attendu",
        DossierStatus.BilanSubmitted => "bilan remis",
        DossierStatus.Closed => "clos",
        DossierStatus.Withdrawn => "retiré",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
