using Ami.Domain.Dossiers;
using Ami.Domain.Eligibility;
using Ami.Domain.Money;
using Ami.Domain.Validation;

namespace Ami.Domain.Tests.Eligibility;

public class EligibilityRulesTests
{
    private static readonly DossierSubmission Valid = TestDossiers.Valid();

    private static IReadOnlyList<FieldError> Check(DossierSubmission dossier) => EligibilityRules.Check(dossier, TestDossiers.Campaign());

    private static HashSet<(string Field, string Code)> Pairs(IEnumerable<FieldError> errors) => errors.Select(e => (e.Field, e.Code)).ToHashSet();

    private static DossierSubmission WithPostalCode(string? postalCode) =>
        Valid with { Holder = Valid.Holder! with { Address = Valid.Holder.Address! with { PostalCode = postalCode } } };

    private static DossierSubmission WithAction(Func<ActionPlan, ActionPlan> change) => Valid with { Action = change(Valid.Action!) };

    private static DossierSubmission WithBudget(Func<Budget, Budget> change) => Valid with { Budget = change(Valid.Budget!) };

    private static void AssertSingle(IReadOnlyList<FieldError> errors, string field, string code)
    {
        var error = Assert.Single(errors);
        Assert.Equal((field, code), (error.Field, error.Code));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void Check_CompleteDossierInBordeaux_NoError()
    {
        Assert.Empty(Check(Valid));
    }

    [Theory]
    [InlineData("33000")] // Bordeaux, Gironde
    [InlineData("24000")] // Périgueux
    [InlineData("40000")] // Mont-de-Marsan
    [InlineData("47000")] // Agen
    [InlineData("64000")] // Pau
    public void Check_HolderInAquitaine_NoError(string postalCode)
    {
        Assert.Empty(Check(WithPostalCode(postalCode)));
    }

    [Theory]
    [InlineData("75001")] // Paris
    [InlineData("97100")] // Guadeloupe: not Gironde's neighbour "97"
    [InlineData("20000")] // Corsica
    [InlineData("98000")] // Monaco
    [InlineData("33")] // not five digits: reported as such, see below
    public void Check_HolderOutsideTheRegion_NotInRegionOrInvalid(string postalCode)
    {
        var errors = Check(WithPostalCode(postalCode));

        AssertSingle(errors, "holder.address.postalCode", postalCode.Length == 5 ? ErrorCodes.NotInRegion : ErrorCodes.InvalidPostalCode);
    }

    [Theory]
    [InlineData("2A000")]
    [InlineData("3300O")]
    [InlineData("00100")]
    public void Check_PostalCodeNotInUse_InvalidPostalCode(string postalCode)
    {
        AssertSingle(Check(WithPostalCode(postalCode)), "holder.address.postalCode", ErrorCodes.InvalidPostalCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void Check_NoPostalCode_Required(string? postalCode)
    {
        AssertSingle(Check(WithPostalCode(postalCode)), "holder.address.postalCode", ErrorCodes.Required);
    }

    [Theory]
    [InlineData("20000", true)] // Ajaccio, Corse-du-Sud
    [InlineData("20200", false)] // Bastia, Haute-Corse
    [InlineData("97100", false)]
    public void Check_CampaignOfCorseDuSud_OnlyCorseDuSudEligible(string postalCode, bool eligible)
    {
        var campaign = TestDossiers.Campaign() with { EligibleDepartments = ["2A"] };

        var errors = EligibilityRules.Check(WithPostalCode(postalCode), campaign);

        Assert.Equal(eligible, errors.Count == 0);
    }

    [Theory]
    [InlineData("97100", true)] // Basse-Terre
    [InlineData("97133", false)] // Saint-Barthélemy: Guadeloupe's range, not Guadeloupe
    [InlineData("97200", false)] // Martinique
    public void Check_CampaignOfGuadeloupe_OnlyGuadeloupeEligible(string postalCode, bool eligible)
    {
        var campaign = TestDossiers.Campaign() with { EligibleDepartments = ["971"] };

        Assert.Equal(eligible, EligibilityRules.Check(WithPostalCode(postalCode), campaign).Count == 0);
    }

    [Theory]
    [InlineData(HolderType.Company)]
    [InlineData(HolderType.Association)]
    [InlineData(HolderType.PublicBody)]
    [InlineData(HolderType.Union)]
    [InlineData(HolderType.UserCollective)]
    public void Check_EachHolderTypeOfTheCall_NoError(HolderType type)
    {
        Assert.Empty(Check(Valid with { Holder = Valid.Holder! with { Type = type } }));
    }

    [Fact]
    public void Check_HolderTypeMissingOrUnknown_Reported()
    {
        AssertSingle(Check(Valid with { Holder = Valid.Holder! with { Type = null } }), "holder.type", ErrorCodes.Required);
        AssertSingle(Check(Valid with { Holder = Valid.Holder! with { Type = (HolderType)42 } }), "holder.type", ErrorCodes.InvalidValue);
    }

    [Fact]
    public void Check_NoPartner_CollectiveActionRequired()
    {
        AssertSingle(Check(Valid with { Partners = null }), "partners", ErrorCodes.CollectiveActionRequired);
        AssertSingle(Check(Valid with { Partners = [] }), "partners", ErrorCodes.CollectiveActionRequired);
    }

    [Fact]
    public void Check_PartnerWithoutNatureAndRole_ReportsBoth()
    {
        var dossier = Valid with { Partners = [Valid.Partners![0], new Partner { Name = "Ville de Bordeaux", Nature = " " }] };

        Assert.Equal(
            new HashSet<(string, string)> { ("partners[1].nature", ErrorCodes.Required), ("partners[1].role", ErrorCodes.Required) },
            Pairs(Check(dossier)));
    }

    [Fact]
    public void Check_StageCommercialisation_NotEligible()
    {
        AssertSingle(Check(WithAction(a => a with { Stage = Stage.Commercialisation })), "action.stage", ErrorCodes.StageNotEligible);
    }

    [Theory]
    [InlineData(Stage.Seeding)]
    [InlineData(Stage.Development)]
    [InlineData(Stage.Swarming)]
    [InlineData(Stage.Scaling)]
    public void Check_StageBeforeTheMarket_NoError(Stage stage)
    {
        Assert.Empty(Check(WithAction(a => a with { Stage = stage })));
    }

    [Fact]
    public void Check_ExpenseWithoutCategory_ReportsItsPath()
    {
        var expenses = Valid.Budget!.Expenses!.ToList();
        expenses[2] = expenses[2] with { Category = null };

        var errors = Check(WithBudget(b => b with { Expenses = expenses }));

        AssertSingle(errors, "budget.expenses[2].category", ErrorCodes.Required);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-100)]
    public void Check_ExpenseNotPositive_MustBePositive(long cents)
    {
        var expenses = Valid.Budget!.Expenses!.ToList();
        expenses[1] = expenses[1] with { Amount = new Euros(cents) };

        AssertSingle(Check(WithBudget(b => b with { Expenses = expenses })), "budget.expenses[1].amount", ErrorCodes.MustBePositive);
    }

    [Fact]
    public void Check_NoExpense_Required()
    {
        var errors = Check(WithBudget(b => b with { Expenses = [] }));

        // Without expenses the requested amount cannot be compared with them: one problem, not two.
        AssertSingle(errors, "budget.expenses", ErrorCodes.Required);
    }

    [Theory]
    [InlineData("40000.00", null)]
    [InlineData("40000.01", ErrorCodes.AboveMaxGrant)]
    [InlineData("0.01", null)]
    [InlineData("0", ErrorCodes.MustBePositive)]
    [InlineData("-1", ErrorCodes.MustBePositive)]
    public void Check_RequestedAmountAgainstTheCap_OnlyUpTo40000(string requested, string? expectedCode)
    {
        var bigBudget = Valid.Budget! with
        {
            Expenses = [new Expense { Category = ExpenseCategory.Researchers, Amount = Euros.FromDecimal(50_000m) }],
            RequestedAmount = Euros.FromDecimal(decimal.Parse(requested, System.Globalization.CultureInfo.InvariantCulture)),
        };

        var errors = Check(Valid with { Budget = bigBudget });

        if (expectedCode is null)
        {
            Assert.Empty(errors);
        }
        else
        {
            AssertSingle(errors, "budget.requestedAmount", expectedCode);
        }
    }

    [Fact]
    public void Check_RequestedAboveEligibleExpenses_Reported()
    {
        // 30 000.01 € asked on 30 000 € of eligible expenses: under the cap, above the expenses.
        var smallBudget = Valid.Budget! with
        {
            Expenses = [new Expense { Category = ExpenseCategory.Meals, Amount = Euros.FromDecimal(30_000m) }],
            RequestedAmount = Euros.FromDecimal(30_000.01m),
        };

        AssertSingle(Check(Valid with { Budget = smallBudget }), "budget.requestedAmount", ErrorCodes.AboveEligibleExpenses);
    }

    [Fact]
    public void Check_RequestedAboveCapAndExpenses_ReportsBoth()
    {
        var errors = Check(WithBudget(b => b with { RequestedAmount = Euros.FromDecimal(45_000m) }));

        Assert.Equal(
            new HashSet<(string, string)> { ("budget.requestedAmount", ErrorCodes.AboveMaxGrant), ("budget.requestedAmount", ErrorCodes.AboveEligibleExpenses) },
            Pairs(errors));
    }

    [Theory]
    [InlineData(0, ErrorCodes.OutOfRange)]
    [InlineData(1, null)]
    [InlineData(12, null)]
    [InlineData(13, ErrorCodes.OutOfRange)]
    [InlineData(null, ErrorCodes.Required)]
    public void Check_DurationMonths_OneToTwelve(int? months, string? expectedCode)
    {
        var errors = Check(WithAction(a => a with { DurationMonths = months }));

        if (expectedCode is null)
        {
            Assert.Empty(errors);
        }
        else
        {
            AssertSingle(errors, "action.durationMonths", expectedCode);
        }
    }

    [Fact]
    public void Check_NoPlannedStart_Required()
    {
        AssertSingle(Check(WithAction(a => a with { PlannedStart = null })), "action.plannedStart", ErrorCodes.Required);
    }

    [Fact]
    public void Check_SummaryOfTwoPages_AcceptedAndOneCharacterMoreRefused()
    {
        Assert.Empty(Check(WithAction(a => a with { Summary = new string('a', TextLimits.Summary) })));

        AssertSingle(Check(WithAction(a => a with { Summary = new string('a', TextLimits.Summary + 1) })), "action.summary", ErrorCodes.TooLong);
    }

    [Fact]
    public void Check_SectionTooLong_TooLong()
    {
        var means = Valid.Action!.Means! with { Governance = new string('g', TextLimits.Section + 1) };

        AssertSingle(Check(WithAction(a => a with { Means = means })), "action.means.governance", ErrorCodes.TooLong);
    }

    [Theory]
    [InlineData("35600000012341", null)] // La Poste
    [InlineData("443 061 841 00047", null)]
    [InlineData("44306184100048", ErrorCodes.InvalidSiret)]
    [InlineData("", null)] // optional
    public void Check_Siret_CheckedWhenGiven(string siret, string? expectedCode)
    {
        var errors = Check(Valid with { Holder = Valid.Holder! with { Siret = siret } });

        if (expectedCode is null)
        {
            Assert.Empty(errors);
        }
        else
        {
            AssertSingle(errors, "holder.siret", expectedCode);
        }
    }

    [Fact]
    public void Check_ContactEmailAndPhoneMalformed_ReportsBoth()
    {
        var errors = Check(Valid with { Contact = Valid.Contact! with { Email = "jeanne@", Phone = "12 34" } });

        Assert.Equal(
            new HashSet<(string, string)> { ("contact.email", ErrorCodes.InvalidEmail), ("contact.phone", ErrorCodes.InvalidPhone) },
            Pairs(errors));
    }

    [Fact]
    public void Check_NoPhone_NoError()
    {
        Assert.Empty(Check(Valid with { Contact = Valid.Contact! with { Phone = null } }));
    }

    [Fact]
    public void Check_EmptyDossier_ReportsEveryRequiredField()
    {
        var errors = Check(new DossierSubmission());

        var required = new[]
        {
            "holder.name", "holder.type", "holder.address.postalCode", "holder.address.city", "holder.history", "holder.description",
            "contact.name", "contact.email",
            "action.title", "action.history", "action.summary", "action.category", "action.objectives", "action.stage",
            "action.targetAudiences", "action.means.governance", "action.means.communication", "action.means.humanResources",
            "action.means.financialResources", "action.plannedStart", "action.durationMonths", "action.evaluationMethod",
            "budget.expenses", "budget.requestedAmount",
        };
        var expected = required.Select(f => (f, ErrorCodes.Required)).Append(("partners", ErrorCodes.CollectiveActionRequired)).ToHashSet();
        Assert.Equal(expected, Pairs(errors));
        Assert.Equal(expected.Count, errors.Count);
    }

    [Fact]
    public void Check_DossierWithManyProblems_ReportsEveryOne()
    {
        var dossier = Valid with
        {
            Holder = Valid.Holder! with
            {
                Type = null,
                Siret = "12345678901234",
                Address = new PostalAddress { Street = "1 place de la Bourse", PostalCode = "75001", City = "Paris" },
                History = "",
            },
            Contact = new Contact { Name = "Paul", Email = "paul@@example.org", Phone = "+44 20 7946 0958" },
            Action = Valid.Action! with { Stage = Stage.Commercialisation, DurationMonths = 18, PlannedStart = null, Category = null },
            Budget = new Budget
            {
                Expenses =
                [
                    new Expense { Category = ExpenseCategory.Travel, Amount = Euros.FromDecimal(500m) },
                    new Expense { Category = ExpenseCategory.Meals, Amount = Euros.Zero },
                    new Expense { Category = null, Amount = Euros.FromDecimal(100m) },
                    null!,
                ],
                Income = [new Income { Source = "", Amount = Euros.FromDecimal(10m) }],
                RequestedAmount = Euros.FromDecimal(40_000.01m),
            },
            Partners = [new Partner { Name = "Seul", Nature = "Association" }],
        };

        var errors = Check(dossier);

        Assert.Equal(
            new HashSet<(string, string)>
            {
                ("holder.type", ErrorCodes.Required),
                ("holder.siret", ErrorCodes.InvalidSiret),
                ("holder.address.postalCode", ErrorCodes.NotInRegion),
                ("holder.history", ErrorCodes.Required),
                ("contact.email", ErrorCodes.InvalidEmail),
                ("contact.phone", ErrorCodes.InvalidPhone),
                ("action.category", ErrorCodes.Required),
                ("action.stage", ErrorCodes.StageNotEligible),
                ("action.plannedStart", ErrorCodes.Required),
                ("action.durationMonths", ErrorCodes.OutOfRange),
                ("budget.expenses[1].amount", ErrorCodes.MustBePositive),
                ("budget.expenses[2].category", ErrorCodes.Required),
                ("budget.expenses[3]", ErrorCodes.Required),
                ("budget.income[0].source", ErrorCodes.Required),
                ("budget.requestedAmount", ErrorCodes.AboveMaxGrant),
                ("partners[0].role", ErrorCodes.Required),
            },
            Pairs(errors));
        Assert.Equal(16, errors.Count);
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
    }

    [Fact]
    public void Check_NotInRegion_MessageNamesTheDepartmentsInFrench()
    {
        var error = Assert.Single(Check(WithPostalCode("97100")));

        Assert.Equal("Le porteur doit être établi dans la région (départements 24, 33, 40, 47, 64) ; le code postal 97100 correspond au département 971.", error.Message);
    }
}
