namespace Ami.Domain.Dossiers;

/// <summary>§3 Bénéficiaires. JSON values are kebab-case (<c>user-collective</c>).</summary>
public enum HolderType
{
    /// <summary>Entreprises, quel que soit le statut.</summary>
    Company,

    /// <summary>Associations.</summary>
    Association,

    /// <summary>Collectivités territoriales, EPCI et autres établissements publics.</summary>
    PublicBody,

    /// <summary>Organisations syndicales, professionnelles.</summary>
    Union,

    /// <summary>Collectifs d'usagers.</summary>
    UserCollective,
}

/// <summary>The four ways of social innovation named by the call.</summary>
public enum InnovationCategory
{
    ServicesProducts,
    Organisational,
    Territorial,
    Research,
}

/// <summary>§5.5 Stade d'avancement; <see cref="Commercialisation"/> is not eligible (§2).</summary>
public enum Stage
{
    Seeding,
    Development,
    Swarming,
    Scaling,
    Commercialisation,
}

/// <summary>§4 Dépenses éligibles.</summary>
public enum ExpenseCategory
{
    ResearchEquipment,
    ResearchStudies,
    Researchers,
    StudiesAnalysis,
    Travel,
    Accommodation,
    Meals,
    StaffTime,
}
