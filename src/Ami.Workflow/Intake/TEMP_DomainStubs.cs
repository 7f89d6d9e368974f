// TEMPORARY stand-ins for the domain helper's APIs (branch `domain`); deleted once main has them.
#pragma warning disable CA1032, CA1064, CA1711, CA1305, CA1307, CA1310, CA1862
using System.Text.Json;
using Ami.Domain.Campaigns;
using Ami.Domain.Dossiers;
using Ami.Domain.Json;
using Ami.Domain.States;
using Ami.Domain.Validation;

namespace Ami.Domain.Validation
{
    public sealed record FieldError(string Field, string Code, string Message);
}

namespace Ami.Domain.Eligibility
{
    public static class EligibilityRules
    {
        public static IReadOnlyList<FieldError> Check(DossierSubmission d, Campaign c)
        {
            var e = new List<FieldError>();
            if (string.IsNullOrWhiteSpace(d.Holder?.Name)) e.Add(new("holder.name", "required", "Le nom du porteur est obligatoire."));
            if (d.Holder?.Type is null) e.Add(new("holder.type", "required", "Le type de porteur est obligatoire."));
            var pc = d.Holder?.Address?.PostalCode;
            if (pc is null || pc.Length != 5 || !c.EligibleDepartments.Contains(pc[..2])) e.Add(new("holder.address.postalCode", "not-in-region", "Le porteur doit être établi en Aquitaine."));
            if (string.IsNullOrWhiteSpace(d.Contact?.Email)) e.Add(new("contact.email", "required", "L'adresse électronique est obligatoire."));
            if (d.Action?.Stage == Stage.Commercialisation) e.Add(new("action.stage", "not-eligible", "La commercialisation n'est pas financée."));
            if (d.Budget?.RequestedAmount is { } r && r > c.MaxGrant) e.Add(new("budget.requestedAmount", "over-max-grant", "Montant supérieur au plafond."));
            return e;
        }
    }
}

namespace Ami.Domain.Campaigns
{
    public static class CampaignJson
    {
        public static (Campaign? Campaign, IReadOnlyList<FieldError> Errors) Parse(string json)
        {
            try
            {
                var c = JsonSerializer.Deserialize<Campaign>(json, AmiJson.Options);
                return c is null ? (null, [new("", "required", "Campagne vide.")]) : (c, []);
            }
            catch (JsonException ex)
            {
                return (null, [new(ex.Path ?? "", "invalid", "Campagne invalide.")]);
            }
        }
    }
}

namespace Ami.Domain.States
{
    public sealed class DomainException(string code, string message) : Exception(message)
    {
        public string Code { get; } = code;
    }

    public static class DossierTransitions
    {
        public static bool CanMove(DossierStatus from, DossierStatus to) =>
            from switch
            {
                DossierStatus.Ineligible or DossierStatus.Refused or DossierStatus.Closed or DossierStatus.Withdrawn => false,
                DossierStatus.ChangesRequested => to is DossierStatus.Submitted or DossierStatus.Withdrawn or DossierStatus.Ineligible,
                _ => to != from,
            };

        public static void Ensure(DossierStatus from, DossierStatus to)
        {
            if (!CanMove(from, to)) throw new DomainException("transition-not-allowed", "Transition interdite.");
        }
    }
}
