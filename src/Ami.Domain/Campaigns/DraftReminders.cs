namespace Ami.Domain.Campaigns;

/// <summary>
/// Reminders of unfinished drafts (the Region's services "accompagne[nt] les porteurs … dans la démarche précédant le
/// dépôt"): at J-7 and J-2, Paris calendar days before the deadline's last day. A run of the reminder job sends the
/// latest reminder whose day has come (so a job down on J-7 still reminds on J-6, and never sends J-7 after J-2's day),
/// only to drafts saved before that day, and never once the call is closed.
/// </summary>
public static class DraftReminders
{
    /// <summary>The days before the deadline's last day, earliest first.</summary>
    public static IReadOnlyList<int> DaysBefore { get; } = [7, 2];

    /// <summary>The name of a reminder: <c>J-7</c>, <c>J-2</c> (one mail per draft per name).</summary>
    public static string Name(int daysBefore) => "J-" + daysBefore.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The reminder due at <paramref name="now"/> for a draft saved at <paramref name="savedAt"/>, in days before the deadline; null when none.</summary>
    public static int? Due(CampaignDeadline deadline, DateTimeOffset savedAt, DateTimeOffset now)
    {
        if (deadline.IsPassed(now))
        {
            return null;
        }

        var lastDay = Day(deadline.LastAcceptedInstant);
        var today = Day(now);
        var saved = Day(savedAt);
        int? due = null;
        foreach (var days in DaysBefore)
        {
            var day = lastDay.AddDays(-days);
            if (today >= day && saved < day)
            {
                due = days;
            }
        }

        return due;
    }

    private static DateOnly Day(DateTimeOffset instant) => DateOnly.FromDateTime(ParisTime.ToParis(instant).DateTime);
}
