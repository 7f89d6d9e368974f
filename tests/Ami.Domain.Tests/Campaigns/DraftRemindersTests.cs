using Ami.Domain.Campaigns;

namespace Ami.Domain.Tests.Campaigns;

public sealed class DraftRemindersTests
{
    /// <summary>The 2015 call: until Friday 29 May 2015, 23:59:59 in Paris.</summary>
    private static readonly CampaignDeadline Deadline = CampaignDeadline.EndOfDay(new DateOnly(2015, 5, 29));

    private static DateTimeOffset Paris(int month, int day, int hour = 9) => new(2015, month, day, hour, 0, 0, TimeSpan.FromHours(2));

    [Fact]
    public void Due_OnJ7AndJ2InParis_ForADraftSavedBefore()
    {
        var saved = Paris(5, 1);

        Assert.Null(Due(saved, Paris(5, 21, 23)));
        Assert.Equal(7, Due(saved, Paris(5, 22, 0)));
        Assert.Equal(7, Due(saved, Paris(5, 26)));
        Assert.Equal(2, Due(saved, Paris(5, 27)));
        Assert.Equal(2, Due(saved, Paris(5, 29, 23)));
        Assert.Null(Due(saved, Paris(5, 30, 0)));
    }

    [Fact]
    public void Due_NotForADraftSavedOnOrAfterTheReminderDay()
    {
        Assert.Null(Due(Paris(5, 22, 8), Paris(5, 22, 10)));
        Assert.Equal(2, Due(Paris(5, 22, 8), Paris(5, 27)));
        Assert.Null(Due(Paris(5, 28), Paris(5, 28, 10)));
    }

    [Fact]
    public void Name_IsTheDayBeforeTheDeadline()
    {
        Assert.Equal(["J-7", "J-2"], DraftReminders.DaysBefore.Select(DraftReminders.Name));
    }

    private static int? Due(DateTimeOffset saved, DateTimeOffset now) => DraftReminders.Due(Deadline, saved, now);
}
