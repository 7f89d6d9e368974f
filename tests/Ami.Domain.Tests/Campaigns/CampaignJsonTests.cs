using Ami.Domain.Campaigns;
using Ami.Domain.Money;
using Ami.Domain.Validation;

namespace Ami.Domain.Tests.Campaigns;

public class CampaignJsonTests
{
    private const string ContractExample = """
        {
          "id": "ami-is-2015",
          "title": "AMI Innovation sociale 2015",
          "opensAt": "2015-03-01T00:00:00+01:00",
          "deadline": "2015-05-29T23:59:59+02:00",
          "maxGrant": 40000,
          "instalmentPercents": [70, 30],
          "maxDurationMonths": 12,
          "bilanDueAfter": "P12M",
          "juryDueAfterClose": "P30D",
          "contactEmail": "ami.is@aquitaine.fr",
          "staff": ["instruction@region.example"],
          "jurors": ["jure1@partner.example", "jure2@region.example"],
          "juryPresident": "president@region.example",
          "cpSecretariat": "cp@region.example",
          "finance": "finance@region.example"
        }
        """;

    private static HashSet<(string Field, string Code)> Pairs(IEnumerable<FieldError> errors) =>
        errors.Select(e => (e.Field, e.Code)).ToHashSet();

    [Fact]
    public void Parse_ShippedCampaignFile_ReturnsTheCallOf2015()
    {
        var json = RepoFiles.ReadText("campaigns", "ami-is-2015.json");

        var (campaign, errors) = CampaignJson.Parse(json);

        Assert.Empty(errors);
        Assert.NotNull(campaign);
        Assert.Equal("ami-is-2015", campaign.Id);
        Assert.Equal("AMI-IS-2015", campaign.EffectiveReferencePrefix);
        Assert.Equal(DateTimeOffset.Parse("2015-05-29T22:00:00Z", System.Globalization.CultureInfo.InvariantCulture), campaign.Deadline.ClosesAt);
        Assert.Equal(Euros.FromDecimal(40_000m), campaign.MaxGrant);
        Assert.Equal([70, 30], campaign.InstalmentPercents);
        Assert.Equal(12, campaign.MaxDurationMonths);
        Assert.Equal(IsoDuration.FromMonths(12), campaign.BilanDueAfter);
        Assert.Equal(4, campaign.Jurors.Count);
        Assert.Equal(["24", "33", "40", "47", "64"], campaign.EligibleDepartments);
        Assert.Equal(20, campaign.Attachments.MaxFiles);
    }

    [Fact]
    public void Parse_ShippedCampaignFile_ItsGridIsAnnexOneWordForWord()
    {
        var campaign = CampaignJson.Parse(RepoFiles.ReadText("campaigns", "ami-is-2015.json")).Campaign!;

        Assert.Equal(Ami.Domain.Scoring.ScoringGrid.Annex1, campaign.ScoringGrid);
        Assert.Contains("\"grid\"", RepoFiles.ReadText("campaigns", "ami-is-2015.json"), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CampaignWithoutAGrid_GetsAnnexOne()
    {
        var (campaign, errors) = CampaignJson.Parse(ContractExample);

        Assert.Empty(errors);
        Assert.Equal(Ami.Domain.Scoring.ScoringGrid.Annex1, campaign!.ScoringGrid);
        Assert.Equal(36, campaign.ScoringGrid.MaxTotal);
    }

    [Fact]
    public void Parse_GridWithAThirteenthCriterion_KeptInOrder()
    {
        var json = ContractExample.TrimEnd().TrimEnd('}') + """
            , "grid": [
              { "key": "beneficiaries", "label": "Place des bénéficiaires", "levels": ["a", "b", "c", "d"] },
              { "key": "digital", "label": "Place du numérique", "levels": ["Aucune", "Faible", "Réelle", "Forte"] }
            ] }
            """;

        var (campaign, errors) = CampaignJson.Parse(json);

        Assert.Empty(errors);
        Assert.Equal(["beneficiaries", "digital"], campaign!.ScoringGrid.Keys);
        Assert.Equal(6, campaign.ScoringGrid.MaxTotal);
    }

    [Fact]
    public void Parse_BadGrid_EveryProblemListed()
    {
        var json = ContractExample.TrimEnd().TrimEnd('}') + """
            , "grid": [
              { "key": "Bénéficiaires", "label": "Place des bénéficiaires", "levels": ["a", "b", "c", "d"] },
              { "key": "digital", "label": "", "levels": ["a", "b", "c"] },
              { "key": "digital", "label": "Encore", "levels": ["a", "b", "c", "d"] }
            ] }
            """;

        var (campaign, errors) = CampaignJson.Parse(json);

        Assert.Null(campaign);
        Assert.Superset(
            new HashSet<(string, string)> { ("grid[0].key", ErrorCodes.InvalidValue), ("grid[1].label", ErrorCodes.Required), ("grid[1].levels", ErrorCodes.InvalidValue), ("grid[2].key", ErrorCodes.DuplicateField) },
            Pairs(errors));
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
    }

    [Fact]
    public void Parse_EmptyGrid_Required()
    {
        var json = ContractExample.TrimEnd().TrimEnd('}') + """, "grid": [] }""";

        Assert.Contains(("grid", ErrorCodes.Required), Pairs(CampaignJson.Parse(json).Errors));
    }

    [Fact]
    public void BuiltIn_EmbeddedCampaigns_SameAsRepositoryFile()
    {
        var fromFile = CampaignJson.Parse(RepoFiles.ReadText("campaigns", "ami-is-2015.json")).Campaign!;

        var builtIn = Assert.Single(CampaignJson.BuiltIn(), c => c.Id == "ami-is-2015");

        Assert.Equal(CampaignJson.Serialize(fromFile), CampaignJson.Serialize(builtIn));
    }

    [Fact]
    public void Parse_ContractExampleWithLastSecondDeadline_ClosesAtSameInstantAsWholeDay()
    {
        var (campaign, errors) = CampaignJson.Parse(ContractExample);

        Assert.Empty(errors);
        Assert.Equal(CampaignDeadline.EndOfDay(new DateOnly(2015, 5, 29)).ClosesAt, campaign!.Deadline.ClosesAt);
        Assert.Equal("2015-05-29T23:59:59+02:00", campaign.Deadline.Text);
    }

    [Fact]
    public void Serialize_ThenParse_GivesTheSameCampaign()
    {
        var original = TestDossiers.Campaign() with
        {
            Schedule = new CampaignSchedule { JuryRemindersBeforeDue = [IsoDuration.FromTime(TimeSpan.FromSeconds(20))] },
            Attachments = new AttachmentLimits { MaxFiles = 5 },
        };

        var json = CampaignJson.Serialize(original);
        var (parsed, errors) = CampaignJson.Parse(json);

        Assert.Empty(errors);
        Assert.Equal(json, CampaignJson.Serialize(parsed!));
        Assert.Contains("\"maxGrant\":40000", json, StringComparison.Ordinal);
        Assert.Contains("\"deadline\":\"2015-05-29\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EmptyObject_ReportsEveryRequiredField()
    {
        var (campaign, errors) = CampaignJson.Parse("{}");

        Assert.Null(campaign);
        Assert.Equal(
            Pairs(
            [
                new("id", ErrorCodes.Required, ""), new("title", ErrorCodes.Required, ""), new("opensAt", ErrorCodes.Required, ""),
                new("deadline", ErrorCodes.Required, ""), new("maxGrant", ErrorCodes.Required, ""), new("contactEmail", ErrorCodes.Required, ""),
                new("juryPresident", ErrorCodes.Required, ""), new("cpSecretariat", ErrorCodes.Required, ""), new("finance", ErrorCodes.Required, ""),
                new("staff", ErrorCodes.Required, ""), new("jurors", ErrorCodes.Required, ""),
            ]),
            Pairs(errors));
        Assert.Equal(errors.Count, Pairs(errors).Count);
    }

    [Fact]
    public void Parse_ManyRuleProblems_ReportsEveryOneWithItsField()
    {
        const string json = """
            {
              "id": "AMI 2015", "title": "AMI", "opensAt": "2015-06-01T00:00:00+02:00", "deadline": "2015-05-29",
              "maxGrant": 0, "instalmentPercents": [60, 30], "maxDurationMonths": 0, "bilanDueAfter": "P0D",
              "contactEmail": "ami.is@", "staff": ["instruction@region.example", "pas une adresse", "INSTRUCTION@region.example"],
              "jurors": [], "juryPresident": "president@region", "cpSecretariat": "cp@region.example", "finance": "finance at region.example",
              "eligibleDepartments": ["33", "20", "2A", "33"],
              "attachments": { "maxFileBytes": 2000, "maxDossierBytes": 1000, "maxFiles": 0 },
              "schedule": { "bilanRemindersBeforeDue": ["P1M", "P0D"] },
              "maxGrnt": 40000
            }
            """;

        var (campaign, errors) = CampaignJson.Parse(json);

        Assert.Null(campaign);
        Assert.Equal(
            new HashSet<(string, string)>
            {
                ("id", ErrorCodes.InvalidId),
                ("deadline", ErrorCodes.DeadlineBeforeOpening),
                ("maxGrant", ErrorCodes.MustBePositive),
                ("instalmentPercents", ErrorCodes.InstalmentsSum),
                ("maxDurationMonths", ErrorCodes.MustBePositive),
                ("bilanDueAfter", ErrorCodes.MustBePositive),
                ("contactEmail", ErrorCodes.InvalidEmail),
                ("staff[1]", ErrorCodes.InvalidEmail),
                ("staff[2]", ErrorCodes.Duplicate),
                ("jurors", ErrorCodes.Required),
                ("juryPresident", ErrorCodes.InvalidEmail),
                ("finance", ErrorCodes.InvalidEmail),
                ("eligibleDepartments[1]", ErrorCodes.UnknownDepartment),
                ("eligibleDepartments[3]", ErrorCodes.Duplicate),
                ("attachments.maxFiles", ErrorCodes.MustBePositive),
                ("attachments.maxFileBytes", ErrorCodes.Inconsistent),
                ("schedule.bilanRemindersBeforeDue[1]", ErrorCodes.MustBePositive),
                ("maxGrnt", ErrorCodes.UnknownField),
            },
            Pairs(errors));
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
    }

    [Theory]
    [InlineData("[70, 20, 10]", ErrorCodes.InstalmentsCount)]
    [InlineData("[100]", ErrorCodes.InstalmentsCount)]
    [InlineData("[]", ErrorCodes.InstalmentsCount)]
    [InlineData("[70, 31]", ErrorCodes.InstalmentsSum)]
    public void Parse_InstalmentsNotTwoPartsOfHundred_Reported(string percents, string expectedCode)
    {
        var json = ContractExample.Replace("[70, 30]", percents, StringComparison.Ordinal);

        var (campaign, errors) = CampaignJson.Parse(json);

        Assert.Null(campaign);
        var error = Assert.Single(errors);
        Assert.Equal(("instalmentPercents", expectedCode), (error.Field, error.Code));
    }

    [Fact]
    public void Parse_InstalmentOfZeroPercent_ReportsThePart()
    {
        var (_, errors) = CampaignJson.Parse(ContractExample.Replace("[70, 30]", "[100, 0]", StringComparison.Ordinal));

        Assert.Equal(
            new HashSet<(string, string)> { ("instalmentPercents[0]", ErrorCodes.OutOfRange), ("instalmentPercents[1]", ErrorCodes.OutOfRange) },
            Pairs(errors));
    }

    [Fact]
    public void Parse_ValuesOfTheWrongType_ReportsEachWithoutKnockOnErrors()
    {
        const string json = """
            {
              "id": "ami-is-2015", "title": 2015, "opensAt": "2015-03-01T00:00:00", "deadline": "29 mai 2015",
              "maxGrant": 40000.001, "instalmentPercents": [70, true], "bilanDueAfter": "12 mois",
              "contactEmail": "ami.is@aquitaine.fr", "staff": "instruction@region.example",
              "jurors": ["jure1@partner.example", 3], "juryPresident": "president@region.example",
              "cpSecretariat": "cp@region.example", "finance": "finance@region.example",
              "attachments": { "maxFiles": 2.5 }, "schedule": [ "P7D" ]
            }
            """;

        var (campaign, errors) = CampaignJson.Parse(json);

        Assert.Null(campaign);
        Assert.Equal(
            new HashSet<(string, string)>
            {
                ("title", ErrorCodes.InvalidType),
                ("opensAt", ErrorCodes.InvalidDateTime),
                ("deadline", ErrorCodes.InvalidDeadline),
                ("maxGrant", ErrorCodes.InvalidAmount),
                ("instalmentPercents[1]", ErrorCodes.InvalidNumber),
                ("bilanDueAfter", ErrorCodes.InvalidDuration),
                ("staff", ErrorCodes.InvalidType),
                ("jurors[1]", ErrorCodes.InvalidType),
                ("attachments.maxFiles", ErrorCodes.InvalidNumber),
                ("schedule", ErrorCodes.InvalidType),
            },
            Pairs(errors));
    }

    [Fact]
    public void Parse_NullForRequiredField_ReportsRequired()
    {
        var (_, errors) = CampaignJson.Parse(ContractExample.Replace("\"finance@region.example\"", "null", StringComparison.Ordinal));

        var error = Assert.Single(errors);
        Assert.Equal(("finance", ErrorCodes.Required), (error.Field, error.Code));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{ \"id\": ")]
    [InlineData("{ \"id\": \"x\", }")]
    public void Parse_NotJson_ReportsInvalidJson(string json)
    {
        var (campaign, errors) = CampaignJson.Parse(json);

        Assert.Null(campaign);
        Assert.Equal(ErrorCodes.InvalidJson, Assert.Single(errors).Code);
    }

    [Fact]
    public void Parse_ArrayAtRoot_ReportsInvalidType()
    {
        var (_, errors) = CampaignJson.Parse("[]");

        Assert.Equal(("", ErrorCodes.InvalidType), (Assert.Single(errors).Field, errors[0].Code));
    }
}
