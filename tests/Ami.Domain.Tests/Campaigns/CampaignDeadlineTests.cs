using System.Globalization;
using Ami.Domain.Campaigns;

namespace Ami.Domain.Tests.Campaigns;

public class CampaignDeadlineTests
{
    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    [Theory]
    [InlineData("2015-05-29", "2015-05-29T22:00:00Z")] // summer time (UTC+2): the call's "29 mai 2015"
    [InlineData("2015-12-15", "2015-12-15T23:00:00Z")] // winter time (UTC+1)
    [InlineData("2015-03-28", "2015-03-28T23:00:00Z")] // the next midnight is still winter time
    [InlineData("2015-03-29", "2015-03-29T22:00:00Z")] // the day clocks go forward: 23 hours long
    [InlineData("2015-10-24", "2015-10-24T22:00:00Z")] // the next midnight is still summer time
    [InlineData("2015-10-25", "2015-10-25T23:00:00Z")] // the day clocks go back: 25 hours long
    public void TryParse_Day_ClosesAtNextMidnightInParis(string day, string expectedUtc)
    {
        Assert.True(CampaignDeadline.TryParse(day, out var deadline));

        Assert.Equal(Utc(expectedUtc), deadline.ClosesAt);
        Assert.Equal(day, deadline.Text);
    }

    [Theory]
    [InlineData("2015-05-29", "2015-05-29T21:59:59Z", false)]
    [InlineData("2015-05-29", "2015-05-29T22:00:00Z", true)]
    [InlineData("2015-05-29", "2015-05-29T22:00:01Z", true)]
    [InlineData("2015-12-15", "2015-12-15T22:59:59Z", false)]
    [InlineData("2015-12-15", "2015-12-15T23:00:00Z", true)]
    [InlineData("2015-12-15", "2015-12-15T23:00:01Z", true)]
    public void IsPassed_AroundMidnightInParis_ClosedFromMidnight(string day, string now, bool expected)
    {
        CampaignDeadline.TryParse(day, out var deadline);

        Assert.Equal(expected, deadline.IsPassed(Utc(now)));
    }

    [Fact]
    public void TryParse_LastSecondWithOffset_ClosesOneSecondLater()
    {
        Assert.True(CampaignDeadline.TryParse("2015-05-29T23:59:59+02:00", out var deadline));

        Assert.Equal(Utc("2015-05-29T22:00:00Z"), deadline.ClosesAt);
        Assert.False(deadline.IsPassed(Utc("2015-05-29T21:59:59.999Z")));
        Assert.True(deadline.IsPassed(Utc("2015-05-29T22:00:00Z")));
    }

    [Theory]
    [InlineData("29 mai 2015")]
    [InlineData("29/05/2015")]
    [InlineData("2015-02-30")]
    [InlineData("2015-05-29T23:59:59")]
    [InlineData("")]
    public void TryParse_NotADayNorAnInstantWithOffset_False(string text)
    {
        Assert.False(CampaignDeadline.TryParse(text, out _));
    }

    [Theory]
    [InlineData("2015-02-28T22:59:59Z", SubmissionWindow.NotYetOpen)] // opens 2015-03-01 00:00 Paris (UTC+1)
    [InlineData("2015-02-28T23:00:00Z", SubmissionWindow.Open)]
    [InlineData("2015-05-29T21:59:59Z", SubmissionWindow.Open)]
    [InlineData("2015-05-29T22:00:00Z", SubmissionWindow.Closed)]
    [InlineData("2015-05-29T22:00:01Z", SubmissionWindow.Closed)]
    public void WindowAt_AroundOpeningAndDeadline_OpenOnlyInBetween(string now, SubmissionWindow expected)
    {
        var campaign = TestDossiers.Campaign();

        Assert.Equal(expected, campaign.WindowAt(Utc(now)));
    }

    [Fact]
    public void WindowAt_OpeningInstantItself_Open()
    {
        var campaign = TestDossiers.Campaign();

        Assert.Equal(SubmissionWindow.Open, campaign.WindowAt(campaign.OpensAt));
        Assert.Equal(SubmissionWindow.NotYetOpen, campaign.WindowAt(campaign.OpensAt.AddSeconds(-1)));
    }

    [Fact]
    public void JuryDueAt_ThirtyDaysAcrossTheAutumnChange_StillMidnightInParis()
    {
        var campaign = TestDossiers.Campaign() with { Deadline = CampaignDeadline.EndOfDay(new DateOnly(2015, 10, 20)) };

        var due = campaign.JuryDueAt();

        // Closes 2015-10-21 00:00 Paris (UTC+2); 30 days later is 2015-11-20 00:00 Paris (UTC+1).
        Assert.Equal(Utc("2015-11-19T23:00:00Z"), due);
    }

    [Fact]
    public void FromLocal_TimeSkippedInSpring_MovedForwardOneHour()
    {
        var instant = ParisTime.FromLocal(new DateTime(2015, 3, 29, 2, 30, 0, DateTimeKind.Unspecified));

        Assert.Equal(Utc("2015-03-29T01:30:00Z"), instant);
    }

    [Fact]
    public void FromLocal_TimeSeenTwiceInAutumn_TakesTheFirst()
    {
        var instant = ParisTime.FromLocal(new DateTime(2015, 10, 25, 2, 30, 0, DateTimeKind.Unspecified));

        Assert.Equal(Utc("2015-10-25T00:30:00Z"), instant);
    }

    [Fact]
    public void Add_SecondsDuration_AddsElapsedTime()
    {
        var start = Utc("2015-10-25T00:59:50Z");

        Assert.Equal(Utc("2015-10-25T01:00:10Z"), ParisTime.Add(start, IsoDuration.Parse("PT20S")));
    }
}
