using Ami.Domain.Campaigns;
using Ami.Domain.Money;
using Ami.Domain.Scoring;

namespace Ami.Domain.Tests.Campaigns;

public class CampaignChangesTests
{
    private static readonly Campaign Before = TestDossiers.Campaign();

    [Fact]
    public void RefusedInFlight_DeadlinePeopleAndWaits_Accepted()
    {
        var after = Before with
        {
            Title = "AMI Innovation sociale 2015 (prolongé)",
            Deadline = CampaignDeadline.EndOfDay(new DateOnly(2015, 6, 15)),
            Jurors = [.. Before.Jurors, "jure9@partner.example"],
            Staff = ["autre@region.example"],
            Finance = "paiements@region.example",
            BilanDueAfter = IsoDuration.FromMonths(13),
            JuryDueAfterClose = IsoDuration.FromDays(45),
            Schedule = Before.Schedule with { StaffReminderEvery = IsoDuration.FromDays(3) },
        };

        Assert.Empty(CampaignChanges.RefusedInFlight(Before, after, 3));
    }

    [Fact]
    public void RefusedInFlight_MoneyGridAndEligibility_EachFieldListedInFrench()
    {
        var after = Before with
        {
            MaxGrant = Euros.FromDecimal(50_000m),
            InstalmentPercents = [50, 50],
            MaxDurationMonths = 18,
            EligibleDepartments = ["33"],
            Grid = [.. ScoringGrid.Annex1.Criteria, new Criterion("digital", "Place du numérique", ["a", "b", "c", "d"])],
            Deadline = CampaignDeadline.EndOfDay(new DateOnly(2015, 6, 15)),
        };

        var errors = CampaignChanges.RefusedInFlight(Before, after, 1);

        Assert.Equal(["eligibleDepartments", "grid", "instalmentPercents", "maxDurationMonths", "maxGrant"], errors.Select(e => e.Field).Order());
        Assert.All(errors, e => Assert.Equal("campaign-in-flight", e.Code));
        Assert.Contains(errors, e => e.Message.StartsWith("La répartition des versements ne peut pas changer tant que des dossiers de l'appel sont en cours (1 dossier)", StringComparison.Ordinal));
    }

    [Fact]
    public void RefusedInFlight_SameCampaign_NothingRefused()
    {
        Assert.Empty(CampaignChanges.RefusedInFlight(Before, Before with { }, 5));
    }
}
