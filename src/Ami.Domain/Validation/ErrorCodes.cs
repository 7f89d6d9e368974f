namespace Ami.Domain.Validation;

/// <summary>The stable codes of <see cref="FieldError"/> and <see cref="DomainException"/>. Add, never rename.</summary>
public static class ErrorCodes
{
    // Shape of the input.
    public const string InvalidJson = "invalid-json";
    public const string InvalidType = "invalid-type";
    public const string InvalidValue = "invalid-value";
    public const string InvalidNumber = "invalid-number";
    public const string InvalidAmount = "invalid-amount";
    public const string InvalidDate = "invalid-date";
    public const string InvalidDateTime = "invalid-date-time";
    public const string InvalidDuration = "invalid-duration";
    public const string InvalidDeadline = "invalid-deadline";
    public const string UnknownField = "unknown-field";
    public const string DuplicateField = "duplicate-field";

    // Common values.
    public const string Required = "required";
    public const string TooLong = "too-long";
    public const string MustBePositive = "must-be-positive";
    public const string OutOfRange = "out-of-range";
    public const string Duplicate = "duplicate";
    public const string InvalidEmail = "invalid-email";
    public const string InvalidPhone = "invalid-phone";
    public const string InvalidSiret = "invalid-siret";
    public const string InvalidPostalCode = "invalid-postal-code";
    public const string InvalidId = "invalid-id";

    // Campaign.
    public const string DeadlineBeforeOpening = "deadline-before-opening";
    public const string InstalmentsCount = "instalments-count";
    public const string InstalmentsSum = "instalments-sum";
    public const string UnknownDepartment = "unknown-department";
    public const string Inconsistent = "inconsistent";
    public const string CampaignNotOpen = "campaign-not-open";
    public const string DeadlinePassed = "deadline-passed";

    // Eligibility.
    public const string NotInRegion = "not-in-region";
    public const string StageNotEligible = "stage-not-eligible";
    public const string CollectiveActionRequired = "collective-action-required";
    public const string AboveMaxGrant = "above-max-grant";
    public const string AboveEligibleExpenses = "above-eligible-expenses";

    // Jury.
    public const string UnknownCriterion = "unknown-criterion";
    public const string NotAnInteger = "not-an-integer";
    public const string NoScoreSheets = "no-score-sheets";

    // Decisions.
    public const string AboveRequested = "above-requested";
    public const string ReasonRequired = "reason-required";

    // States.
    public const string InvalidTransition = "invalid-transition";
}
