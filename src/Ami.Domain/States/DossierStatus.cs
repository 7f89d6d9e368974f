namespace Ami.Domain.States;

/// <summary>The statuses of docs/api.md (JSON: kebab-case, e.g. <c>changes-requested</c>).</summary>
public enum DossierStatus
{
    Submitted,
    ChangesRequested,
    Eligible,
    Ineligible,
    Audition,
    Jury,
    Cp,
    Granted,
    Refused,
    Started,
    BilanDue,
    BilanSubmitted,
    Closed,
    Withdrawn,
}
