using Ami.Domain.Money;

namespace Ami.Domain.Dossiers;

/// <summary>
/// The dossier a holder files: the 11 sections of the call's §5, in the JSON shape of docs/api.md.
/// Every property is nullable so that a missing field is reported by eligibility (with every other
/// problem) rather than failing deserialisation.
/// </summary>
public sealed record DossierSubmission
{
    /// <summary>§5.1 Fiche de présentation du porteur.</summary>
    public Holder? Holder { get; init; }

    public Contact? Contact { get; init; }

    /// <summary>§5.2–5.7, 5.10, 5.11.</summary>
    public ActionPlan? Action { get; init; }

    /// <summary>§5.8 Comptes prévisionnels de l'action sur 12 mois.</summary>
    public Budget? Budget { get; init; }

    /// <summary>§5.9 Partenariats.</summary>
    public IReadOnlyList<Partner>? Partners { get; init; }

    /// <summary>§5.9 Inscription dans un projet territorial, le cas échéant.</summary>
    public string? TerritorialProject { get; init; }
}

public sealed record Holder
{
    public string? Name { get; init; }

    public HolderType? Type { get; init; }

    public string? Siret { get; init; }

    public PostalAddress? Address { get; init; }

    public string? History { get; init; }

    public string? Description { get; init; }

    public string? Members { get; init; }

    public string? Beneficiaries { get; init; }
}

public sealed record PostalAddress
{
    public string? Street { get; init; }

    public string? PostalCode { get; init; }

    public string? City { get; init; }
}

public sealed record Contact
{
    public string? Name { get; init; }

    public string? Email { get; init; }

    public string? Phone { get; init; }
}

public sealed record ActionPlan
{
    public string? Title { get; init; }

    /// <summary>§5.2 Historique de l'action.</summary>
    public string? History { get; init; }

    /// <summary>§5.3 Résumé de l'action en 2 pages.</summary>
    public string? Summary { get; init; }

    /// <summary>§5.3 Catégorie d'innovation sociale.</summary>
    public InnovationCategory? Category { get; init; }

    /// <summary>§5.4 Objectifs.</summary>
    public string? Objectives { get; init; }

    /// <summary>§5.5 Stade d'avancement.</summary>
    public Stage? Stage { get; init; }

    /// <summary>§5.6 Publics cibles.</summary>
    public string? TargetAudiences { get; init; }

    /// <summary>§5.7 Moyens mobilisés.</summary>
    public Means? Means { get; init; }

    public DateOnly? PlannedStart { get; init; }

    public int? DurationMonths { get; init; }

    /// <summary>§5.10 Mission assignée à l'équipe de recherche, le cas échéant.</summary>
    public string? ResearchMission { get; init; }

    /// <summary>§5.11 Méthodologie d'évaluation envisagée.</summary>
    public string? EvaluationMethod { get; init; }
}

public sealed record Means
{
    public string? Governance { get; init; }

    public string? Communication { get; init; }

    public string? HumanResources { get; init; }

    public string? FinancialResources { get; init; }
}

public sealed record Budget
{
    public IReadOnlyList<Expense>? Expenses { get; init; }

    public IReadOnlyList<Income>? Income { get; init; }

    public Euros? RequestedAmount { get; init; }
}

public sealed record Expense
{
    public ExpenseCategory? Category { get; init; }

    public string? Label { get; init; }

    public Euros? Amount { get; init; }
}

public sealed record Income
{
    public string? Source { get; init; }

    public Euros? Amount { get; init; }
}

public sealed record Partner
{
    public string? Name { get; init; }

    public string? Nature { get; init; }

    public string? Role { get; init; }
}
