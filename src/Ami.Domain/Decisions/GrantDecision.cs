using Ami.Domain.Campaigns;
using Ami.Domain.Eligibility;
using Ami.Domain.Money;
using Ami.Domain.Validation;

namespace Ami.Domain.Decisions;

/// <summary>
/// §7: the grant is at most the campaign's cap (40 000 €) and never more than the holder asked for.
/// Used for the CP's decision (<c>amount</c>) and the jury president's proposal (<c>proposedAmount</c>).
/// </summary>
public static class GrantDecision
{
    /// <summary>Every problem of granting <paramref name="amount"/> (field <c>amount</c>); empty when 0 &lt; amount ≤ min(cap, requested).</summary>
    public static IReadOnlyList<FieldError> Validate(Euros amount, Euros requested, Campaign campaign) =>
        Validate(amount, requested, campaign, "amount");

    /// <summary>As <see cref="Validate(Euros, Euros, Campaign)"/>, reporting on <paramref name="field"/>.</summary>
    public static IReadOnlyList<FieldError> Validate(Euros amount, Euros requested, Campaign campaign, string field)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var errors = new List<FieldError>();
        if (amount.Cents <= 0)
        {
            errors.Add(new FieldError(field, ErrorCodes.MustBePositive, "Le montant de l'aide doit être supérieur à 0 € ; pour ne pas aider le projet, refusez-le."));
            return errors;
        }

        if (amount > campaign.MaxGrant)
        {
            errors.Add(new FieldError(field, ErrorCodes.AboveMaxGrant, $"L'aide régionale est plafonnée à {campaign.MaxGrant.ToFrench()} ({amount.ToFrench()} proposés)."));
        }

        if (amount > requested)
        {
            errors.Add(new FieldError(field, ErrorCodes.AboveRequested, $"L'aide ne peut pas dépasser le montant demandé par le porteur ({requested.ToFrench()}) ; {amount.ToFrench()} proposés."));
        }

        return errors;
    }
}

/// <summary>A refusal, which is always explained to the holder in writing (§6: "informés par écrit").</summary>
public sealed record RefusalDecision
{
    private RefusalDecision(string reason) => Reason = reason;

    /// <summary>The reason given to the holder (trimmed, never blank).</summary>
    public string Reason { get; }

    /// <summary>Problems of <paramref name="reason"/> as a refusal reason (field <c>comment</c> by default).</summary>
    public static IReadOnlyList<FieldError> Validate(string? reason, string field = "comment")
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return [new FieldError(field, ErrorCodes.ReasonRequired, "Un refus doit être motivé : le porteur est informé par écrit des raisons de la décision.")];
        }

        var length = reason.Trim().Length;
        return length > TextLimits.Comment
            ? [new FieldError(field, ErrorCodes.TooLong, $"Motif : {TextLimits.Comment} caractères au plus ({length} saisis).")]
            : [];
    }

    /// <exception cref="DomainException">The reason is missing or too long.</exception>
    public static RefusalDecision Create(string? reason)
    {
        var errors = Validate(reason);
        return errors.Count == 0 ? new RefusalDecision(reason!.Trim()) : throw new DomainException(errors[0].Code, errors[0].Message);
    }
}
