using Ami.Domain.Json;
using Ami.Domain.Money;
using Ami.Domain.Payments;

namespace Ami.Domain.Tests.Payments;

public class GrantPlanTests
{
    private static readonly Euros TwentyThousand = Euros.FromDecimal(20_000m);

    [Fact]
    public void For_Campaign_FreezesItsSplitToTheCentAndItsExpenseWindow()
    {
        var campaign = TestDossiers.Campaign() with { InstalmentPercents = [70, 30], MaxDurationMonths = 12 };

        var plan = GrantPlan.For(Euros.FromDecimal(28_333.33m), campaign);

        Assert.Equal([new Instalment(1, 70, Euros.FromDecimal(19_833.33m)), new Instalment(2, 30, Euros.FromDecimal(8_500m))], plan.Instalments);
        Assert.Equal(Euros.FromDecimal(28_333.33m), plan.Grant);
        Assert.Equal(new DateOnly(2016, 9, 30), plan.ExpenseWindowFrom(new DateOnly(2015, 10, 1)).EndInclusive);
    }

    [Fact]
    public void Json_RoundTrip_KeepsEveryCent()
    {
        var plan = GrantPlan.For(Euros.FromDecimal(33_333.33m), TestDossiers.Campaign());

        var back = System.Text.Json.JsonSerializer.Deserialize<GrantPlan>(System.Text.Json.JsonSerializer.Serialize(plan, AmiJson.Options), AmiJson.Options)!;

        Assert.Equal(plan.Instalments, back.Instalments);
        Assert.Equal(plan.Grant, back.Grant);
        Assert.Equal(plan.ExpenseMonths, back.ExpenseMonths);
    }

    [Fact]
    public void Resume_FirstPaidAt70ThenCampaignSplitNow5050_LastTakesTheRemainder()
    {
        var campaign = TestDossiers.Campaign() with { InstalmentPercents = [50, 50] };

        var plan = GrantPlan.Resume(TwentyThousand, campaign, [new Instalment(1, 70, Euros.FromDecimal(14_000m))]);

        Assert.Equal([new Instalment(1, 70, Euros.FromDecimal(14_000m)), new Instalment(2, 30, Euros.FromDecimal(6_000m))], plan.Instalments);
    }

    [Fact]
    public void Resume_NothingPaidYet_TheCampaignsSplitAsItIsNow()
    {
        var campaign = TestDossiers.Campaign() with { InstalmentPercents = [60, 40] };

        var plan = GrantPlan.Resume(TwentyThousand, campaign, []);

        Assert.Equal([12_000_00L, 8_000_00L], plan.Instalments.Select(i => i.Amount.Cents));
    }

    [Fact]
    public void Resume_CampaignNowInThreeInstalments_StillAddsUpToTheGrant()
    {
        var campaign = TestDossiers.Campaign() with { InstalmentPercents = [40, 30, 30] };

        var plan = GrantPlan.Resume(TwentyThousand, campaign, [new Instalment(1, 70, Euros.FromDecimal(14_000m))]);

        Assert.Equal(TwentyThousand.Cents, plan.Instalments.Sum(i => i.Amount.Cents));
        Assert.Equal(100, plan.Instalments.Sum(i => i.Percent));
        Assert.Equal(14_000_00L, plan.Instalment(1).Amount.Cents);
    }

    [Fact]
    public void Instalment_UnknownNumber_Throws()
    {
        var plan = GrantPlan.For(TwentyThousand, TestDossiers.Campaign());

        Assert.Throws<ArgumentOutOfRangeException>(() => plan.Instalment(3));
    }
}
