using Ami.Domain.Campaigns;
using Ami.Domain.Money;

namespace Ami.LocalHost.Campaigns;

/// <summary>
/// The campaign <c>ami-demo</c>, generated at each start of the local host so that a person can walk the
/// whole journey in minutes: open since yesterday, closing three days from now (staff can close it
/// earlier by posting it again with an earlier deadline), the same rules as the 2015 call, and waits
/// and reminders in minutes instead of months.
/// </summary>
public static class DemoCampaign
{
    public const string Id = "ami-demo";

    public static Campaign Create(DateTimeOffset now) => new()
    {
        Id = Id,
        Title = "AMI Innovation sociale – démonstration locale",
        ReferencePrefix = "AMI-DEMO",
        OpensAt = Truncate(now.AddDays(-1)),
        Deadline = CampaignDeadline.LastSecond(ParisTime.ToParis(Truncate(now.AddDays(3)))),
        MaxGrant = new Euros(40_000_00),
        InstalmentPercents = [70, 30],
        MaxDurationMonths = 12,
        JuryDueAfterClose = IsoDuration.FromTime(TimeSpan.FromMinutes(15)),
        BilanDueAfter = IsoDuration.FromTime(TimeSpan.FromMinutes(10)),
        ContactEmail = "ami.demo@region.example",
        Staff = ["instruction@region.example"],
        Jurors = ["jure1@partner.example", "jure2@region.example"],
        JuryPresident = "president@region.example",
        CpSecretariat = "cp@region.example",
        Finance = "finance@region.example",
        Schedule = new CampaignSchedule
        {
            ChangesRemindersBeforeDeadline = [IsoDuration.FromDays(2), IsoDuration.FromDays(1)],
            JuryRemindersBeforeDue = [IsoDuration.FromTime(TimeSpan.FromMinutes(5)), IsoDuration.FromTime(TimeSpan.FromMinutes(2))],
            BilanRemindersBeforeDue = [IsoDuration.FromTime(TimeSpan.FromMinutes(5)), IsoDuration.FromTime(TimeSpan.FromMinutes(2))],
            BilanRemindersAfterDue = [IsoDuration.FromTime(TimeSpan.FromMinutes(5))],
            StaffReminderEvery = IsoDuration.FromTime(TimeSpan.FromMinutes(10)),
            ActionLinkValidity = IsoDuration.FromDays(7),
            StartExpectedWithin = IsoDuration.FromTime(TimeSpan.FromMinutes(30)),
        },
    };

    private static DateTimeOffset Truncate(DateTimeOffset t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), t.Offset);
}
