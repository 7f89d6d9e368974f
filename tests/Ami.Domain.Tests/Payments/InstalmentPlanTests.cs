using System.Globalization;
using Ami.Domain.Campaigns;
using Ami.Domain.Money;
using Ami.Domain.Payments;

namespace Ami.Domain.Tests.Payments;

public class InstalmentPlanTests
{
    private static readonly IReadOnlyList<int> SeventyThirty = [70, 30];

    [Theory]
    [InlineData("40000", "28000.00", "12000.00")]
    [InlineData("33333.33", "23333.33", "10000.00")] // 70 % = 23 333,331 → 23 333,33
    [InlineData("0.01", "0.00", "0.01")]
    [InlineData("0.02", "0.01", "0.01")] // 1,4 cent → 1 cent
    [InlineData("0.10", "0.07", "0.03")]
    [InlineData("12345.67", "8641.96", "3703.71")] // 8 641,969 → 8 641,96
    [InlineData("39999.99", "27999.99", "12000.00")] // 27 999,993 → 27 999,99
    public void For_SeventyThirty_FirstRoundedDownLastIsTheRest(string grant, string first, string last)
    {
        var g = Euros.FromDecimal(decimal.Parse(grant, CultureInfo.InvariantCulture));

        var plan = InstalmentPlan.For(g, SeventyThirty);

        Assert.Equal(
            [new Instalment(1, 70, Euros.FromDecimal(decimal.Parse(first, CultureInfo.InvariantCulture))), new Instalment(2, 30, Euros.FromDecimal(decimal.Parse(last, CultureInfo.InvariantCulture)))],
            plan);
    }

    [Fact]
    public void For_EveryAmountUpToTheCap_PartsAddUpAndFirstNeverAbove70Percent()
    {
        for (var cents = 1L; cents <= 4_000_000L; cents += 997)
        {
            var plan = InstalmentPlan.For(new Euros(cents), SeventyThirty);

            Assert.Equal(cents, plan[0].Amount.Cents + plan[1].Amount.Cents);
            Assert.True(plan[0].Amount.Cents * 100 <= cents * 70);
            Assert.True((plan[0].Amount.Cents + 1) * 100 > cents * 70);
        }
    }

    [Fact]
    public void For_Campaign_UsesItsSplit()
    {
        var campaign = TestDossiers.Campaign() with { InstalmentPercents = [60, 40] };

        Assert.Equal([6_000_00L, 4_000_00L], InstalmentPlan.For(Euros.FromDecimal(10_000m), campaign).Select(i => i.Amount.Cents));
    }

    [Fact]
    public void For_ZeroGrantOrBadSplit_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => InstalmentPlan.For(Euros.Zero, SeventyThirty));
        Assert.Throws<ArgumentException>(() => InstalmentPlan.For(Euros.FromDecimal(100m), [70, 20]));
    }

    [Theory]
    [InlineData("2015-10-01", "2016-09-30")]
    [InlineData("2015-09-15", "2016-09-14")]
    [InlineData("2016-02-29", "2017-02-28")] // leap day: twelve whole months
    [InlineData("2015-03-01", "2016-02-29")] // includes the leap day
    [InlineData("2015-01-31", "2016-01-30")]
    public void ExpenseWindowFor_TwelveMonths_EndsTheDayBeforeTheAnniversary(string start, string end)
    {
        var window = InstalmentPlan.ExpenseWindowFor(DateOnly.Parse(start, CultureInfo.InvariantCulture), TestDossiers.Campaign().MaxDurationMonths);

        Assert.Equal(DateOnly.Parse(end, CultureInfo.InvariantCulture), window.EndInclusive);
    }

    [Fact]
    public void ExpenseWindow_Contains_BothEndsIncluded()
    {
        var window = GrantPlan.For(Euros.FromDecimal(100m), TestDossiers.Campaign()).ExpenseWindowFrom(new DateOnly(2015, 10, 1));

        Assert.False(window.Contains(new DateOnly(2015, 9, 30)));
        Assert.True(window.Contains(new DateOnly(2015, 10, 1)));
        Assert.True(window.Contains(new DateOnly(2016, 9, 30)));
        Assert.False(window.Contains(new DateOnly(2016, 10, 1)));
        Assert.Equal(366, window.Days); // 2016 is a leap year
    }

    [Fact]
    public void ExpenseWindowFor_OneMonthFromThe31st_WholeFebruary()
    {
        var campaign = TestDossiers.Campaign() with { MaxDurationMonths = 1 };

        Assert.Equal(new DateOnly(2015, 2, 28), GrantPlan.For(Euros.FromDecimal(100m), campaign).ExpenseWindowFrom(new DateOnly(2015, 1, 31)).EndInclusive);
    }

    [Fact]
    public void BilanDueAt_StartInAutumn_TwelveMonthsLaterAtMidnightInParis()
    {
        var due = InstalmentPlan.BilanDueAt(new DateOnly(2015, 10, 1), TestDossiers.Campaign());

        // 2016-10-01 00:00 in Paris (summer time), right after the expense window's last day.
        Assert.Equal(new DateTimeOffset(2016, 9, 30, 22, 0, 0, TimeSpan.Zero), due);
    }

    [Fact]
    public void BilanDueAt_StartInWinter_MidnightInWinterTime()
    {
        var due = InstalmentPlan.BilanDueAt(new DateOnly(2015, 12, 1), TestDossiers.Campaign());

        Assert.Equal(new DateTimeOffset(2016, 11, 30, 23, 0, 0, TimeSpan.Zero), due);
    }

    [Fact]
    public void BilanDueAt_LeapDayStart_AfterTheWholeExpenseWindow()
    {
        var start = new DateOnly(2016, 2, 29);
        var campaign = TestDossiers.Campaign();

        var due = InstalmentPlan.BilanDueAt(start, campaign);

        Assert.Equal(ParisTime.StartOfDay(InstalmentPlan.ExpenseWindowFor(start, campaign.MaxDurationMonths).EndInclusive.AddDays(1)), due);
    }

    [Fact]
    public void BilanDueAt_CampaignInSeconds_ExactInstant()
    {
        var campaign = TestDossiers.Campaign() with { BilanDueAfter = IsoDuration.Parse("PT20S") };
        var startedAt = new DateTimeOffset(2015, 10, 1, 8, 30, 0, TimeSpan.Zero);

        Assert.Equal(startedAt.AddSeconds(20), InstalmentPlan.BilanDueAt(startedAt, campaign));
    }
}
