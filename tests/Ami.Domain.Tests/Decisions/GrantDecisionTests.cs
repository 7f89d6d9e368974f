using Ami.Domain.Decisions;
using Ami.Domain.Money;
using Ami.Domain.Validation;

namespace Ami.Domain.Tests.Decisions;

public class GrantDecisionTests
{
    private static IReadOnlyList<FieldError> Validate(decimal amount, decimal requested) =>
        GrantDecision.Validate(Euros.FromDecimal(amount), Euros.FromDecimal(requested), TestDossiers.Campaign());

    [Theory]
    [InlineData("40000.00")]
    [InlineData("0.01")]
    [InlineData("28000")]
    public void Validate_WithinCapAndRequest_NoError(string amount)
    {
        Assert.Empty(Validate(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), 40_000m));
    }

    [Fact]
    public void Validate_OneCentAboveCap_AboveMaxGrant()
    {
        var errors = Validate(40_000.01m, 40_000.01m);

        var error = Assert.Single(errors);
        Assert.Equal(("amount", ErrorCodes.AboveMaxGrant), (error.Field, error.Code));
        Assert.Contains("40 000,00 €", error.Message.Replace('\u202f', ' ').Replace('\u00a0', ' '), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OneCentAboveRequest_AboveRequested()
    {
        var error = Assert.Single(Validate(30_000.01m, 30_000m));

        Assert.Equal(("amount", ErrorCodes.AboveRequested), (error.Field, error.Code));
    }

    [Fact]
    public void Validate_AboveCapAndRequest_ReportsBoth()
    {
        Assert.Equal([ErrorCodes.AboveMaxGrant, ErrorCodes.AboveRequested], Validate(45_000m, 30_000m).Select(e => e.Code));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Validate_ZeroOrNegative_MustBePositive(long cents)
    {
        var errors = GrantDecision.Validate(new Euros(cents), Euros.FromDecimal(30_000m), TestDossiers.Campaign());

        Assert.Equal(ErrorCodes.MustBePositive, Assert.Single(errors).Code);
    }

    [Fact]
    public void Validate_JuryProposal_ReportsOnItsField()
    {
        var errors = GrantDecision.Validate(Euros.FromDecimal(50_000m), Euros.FromDecimal(30_000m), TestDossiers.Campaign(), "proposedAmount");

        Assert.All(errors, e => Assert.Equal("proposedAmount", e.Field));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Refusal_WithoutReason_ReasonRequired(string? reason)
    {
        var error = Assert.Single(RefusalDecision.Validate(reason));
        Assert.Equal(("comment", ErrorCodes.ReasonRequired), (error.Field, error.Code));

        var ex = Assert.Throws<DomainException>(() => RefusalDecision.Create(reason));
        Assert.Equal(ErrorCodes.ReasonRequired, ex.Code);
    }

    [Fact]
    public void Refusal_WithReason_KeepsItTrimmed()
    {
        Assert.Equal("Projet déjà financé.", RefusalDecision.Create("  Projet déjà financé. ").Reason);
    }
}
