using System.Text.Json.Nodes;
using Ami.Domain.Dossiers;
using Ami.Domain.Money;
using Ami.Domain.Validation;

namespace Ami.Domain.Tests.Dossiers;

public class DossierJsonTests
{
    /// <summary>The example of docs/api.md, with its texts filled in.</summary>
    private const string ContractExample = """
        {
          "holder": {
            "name": "Association Les Jardins Partagés",
            "type": "association",
            "siret": "44306184100047",
            "address": { "street": "12 rue X", "postalCode": "33000", "city": "Bordeaux" },
            "history": "Créée en 2009.", "description": "Association loi 1901.", "members": "120 adhérents.", "beneficiaries": "Habitants."
          },
          "contact": { "name": "Jeanne Martin", "email": "jeanne@example.org", "phone": "0556000000" },
          "action": {
            "title": "Jardins au pied des immeubles", "history": "Une parcelle depuis 2013.", "summary": "Essaimer le modèle.",
            "category": "territorial",
            "objectives": "Créer du lien.",
            "stage": "development",
            "targetAudiences": "Habitants des quartiers.",
            "means": { "governance": "Comité mensuel.", "communication": "Journal.", "humanResources": "Deux salariés.", "financialResources": "Cotisations." },
            "plannedStart": "2015-09-01",
            "durationMonths": 12,
            "researchMission": "Évaluer l'isolement.",
            "evaluationMethod": "Questionnaires."
          },
          "budget": {
            "expenses": [ { "category": "researchers", "label": "Doctorante", "amount": 12000 }, { "category": "staff-time", "label": "Animation", "amount": 18000.5 } ],
            "income": [ { "source": "Région", "amount": 30000 } ],
            "requestedAmount": 30000
          },
          "partners": [ { "name": "Université de Bordeaux", "nature": "research", "role": "Suivi scientifique." } ],
          "territorialProject": "Contrat de ville."
        }
        """;

    private static HashSet<(string Field, string Code)> Pairs(IEnumerable<FieldError> errors) => errors.Select(e => (e.Field, e.Code)).ToHashSet();

    [Fact]
    public void ParseAndCheck_ContractExample_ReadsEveryValueWithoutError()
    {
        var (dossier, errors) = DossierJson.ParseAndCheck(ContractExample, TestDossiers.Campaign());

        Assert.Empty(errors);
        Assert.NotNull(dossier);
        Assert.Equal(HolderType.Association, dossier.Holder!.Type);
        Assert.Equal("33000", dossier.Holder.Address!.PostalCode);
        Assert.Equal(InnovationCategory.Territorial, dossier.Action!.Category);
        Assert.Equal(Stage.Development, dossier.Action.Stage);
        Assert.Equal(new DateOnly(2015, 9, 1), dossier.Action.PlannedStart);
        Assert.Equal(ExpenseCategory.StaffTime, dossier.Budget!.Expenses![1].Category);
        Assert.Equal(new Euros(1_800_050), dossier.Budget.Expenses[1].Amount);
        Assert.Equal(Euros.FromDecimal(30_000m), dossier.Budget.RequestedAmount);
        Assert.Equal("research", dossier.Partners![0].Nature);
    }

    [Fact]
    public void Serialize_ContractExample_GivesBackTheSameJson()
    {
        var (dossier, _) = DossierJson.Parse(ContractExample);

        var json = DossierJson.Serialize(dossier!);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(ContractExample), JsonNode.Parse(json)), json);
    }

    [Fact]
    public void Serialize_FullDossier_ContractShapeAndRoundTrip()
    {
        var dossier = TestDossiers.Valid() with
        {
            Holder = TestDossiers.Valid().Holder! with { Type = HolderType.UserCollective },
            Action = TestDossiers.Valid().Action! with { Category = InnovationCategory.ServicesProducts },
        };

        var json = DossierJson.Serialize(dossier);
        var node = JsonNode.Parse(json)!;

        Assert.Equal("user-collective", (string?)node["holder"]!["type"]);
        Assert.Equal("services-products", (string?)node["action"]!["category"]);
        Assert.Equal("swarming", (string?)node["action"]!["stage"]);
        Assert.Equal("2015-09-01", (string?)node["action"]!["plannedStart"]);
        Assert.Equal("33000", (string?)node["holder"]!["address"]!["postalCode"]);
        Assert.Equal("staff-time", (string?)node["budget"]!["expenses"]![2]!["category"]);
        Assert.Equal("research-equipment", (string?)node["budget"]!["expenses"]![4]!["category"]);
        Assert.Equal(System.Text.Json.JsonValueKind.Number, node["budget"]!["expenses"]![3]!["amount"]!.GetValueKind());
        Assert.Equal(1500.50m, (decimal)node["budget"]!["expenses"]![3]!["amount"]!);
        Assert.Equal(30000m, (decimal)node["budget"]!["requestedAmount"]!);
        Assert.Contains("\"name\":\"Association Les Jardins Partagés\"", json, StringComparison.Ordinal);

        var (back, errors) = DossierJson.ParseAndCheck(json, TestDossiers.Campaign());
        Assert.Empty(errors);
        Assert.Equal(json, DossierJson.Serialize(back!));
    }

    [Fact]
    public void ParseAndCheck_ValuesOfTheWrongType_ReportsEachOnceWithTheOtherProblems()
    {
        var json = ContractExample
            .Replace("\"type\": \"association\"", "\"type\": \"foundation\"", StringComparison.Ordinal)
            .Replace("\"amount\": 12000", "\"amount\": \"12000\"", StringComparison.Ordinal)
            .Replace("\"plannedStart\": \"2015-09-01\"", "\"plannedStart\": \"01/09/2015\"", StringComparison.Ordinal)
            .Replace("\"durationMonths\": 12", "\"durationMonths\": \"douze\"", StringComparison.Ordinal)
            .Replace("\"requestedAmount\": 30000", "\"requestedAmount\": 30000.005", StringComparison.Ordinal)
            .Replace("\"stage\": \"development\"", "\"stage\": \"commercialisation\"", StringComparison.Ordinal)
            .Replace("\"postalCode\": \"33000\"", "\"postalCode\": 33000", StringComparison.Ordinal)
            .Replace("\"email\": \"jeanne@example.org\"", "\"email\": \"jeanne@\"", StringComparison.Ordinal);

        var (_, errors) = DossierJson.ParseAndCheck(json, TestDossiers.Campaign());

        Assert.Equal(
            new HashSet<(string, string)>
            {
                ("holder.type", ErrorCodes.InvalidValue),
                ("holder.address.postalCode", ErrorCodes.InvalidType),
                ("action.plannedStart", ErrorCodes.InvalidDate),
                ("action.durationMonths", ErrorCodes.InvalidNumber),
                ("budget.expenses[0].amount", ErrorCodes.InvalidAmount),
                ("budget.requestedAmount", ErrorCodes.InvalidAmount),
                ("action.stage", ErrorCodes.StageNotEligible),
                ("contact.email", ErrorCodes.InvalidEmail),
            },
            Pairs(errors));
        Assert.Equal(8, errors.Count);
        Assert.Contains("association", errors.Single(e => e.Field == "holder.type").Message, StringComparison.Ordinal);
        Assert.Contains("user-collective", errors.Single(e => e.Field == "holder.type").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseAndCheck_SectionOfTheWrongKind_ReportsItOnlyOnce()
    {
        var json = ContractExample.Replace(
            "\"partners\": [ { \"name\": \"Université de Bordeaux\", \"nature\": \"research\", \"role\": \"Suivi scientifique.\" } ]",
            "\"partners\": \"Université de Bordeaux\"",
            StringComparison.Ordinal);

        var (_, errors) = DossierJson.ParseAndCheck(json, TestDossiers.Campaign());

        var error = Assert.Single(errors);
        Assert.Equal(("partners", ErrorCodes.InvalidType), (error.Field, error.Code));
    }

    [Fact]
    public void Parse_BadItemInAList_LaterItemsKeepTheirIndex()
    {
        var json = ContractExample.Replace(
            "\"expenses\": [ {",
            "\"expenses\": [ 12, { \"category\": \"meals\" }, {",
            StringComparison.Ordinal);

        var (_, errors) = DossierJson.ParseAndCheck(json, TestDossiers.Campaign());

        Assert.Equal(
            new HashSet<(string, string)> { ("budget.expenses[0]", ErrorCodes.InvalidType), ("budget.expenses[1].amount", ErrorCodes.Required) },
            Pairs(errors));
    }

    [Fact]
    public void Parse_UnknownMembers_Ignored()
    {
        var json = ContractExample.Replace("\"territorialProject\"", "\"website\": \"https://example.org\", \"territorialProject\"", StringComparison.Ordinal);

        Assert.Empty(DossierJson.ParseAndCheck(json, TestDossiers.Campaign()).Errors);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("\"dossier\"")]
    public void ParseAndCheck_NotAJsonObject_SingleErrorAndNoDossier(string json)
    {
        var (dossier, errors) = DossierJson.ParseAndCheck(json, TestDossiers.Campaign());

        Assert.Null(dossier);
        Assert.Equal(string.Empty, Assert.Single(errors).Field);
    }
}
