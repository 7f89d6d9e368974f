using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ami.Domain.Campaigns;

/// <summary>
/// A call's deadline as written in its campaign: either a calendar date (<c>"2015-05-29"</c>: the whole
/// day in Europe/Paris, so closed from 2015-05-29T22:00:00Z in summer time) or the last accepted second
/// (<c>"2015-05-29T23:59:59+02:00"</c>). <see cref="ClosesAt"/> is the first instant that is refused.
/// </summary>
[JsonConverter(typeof(CampaignDeadlineJsonConverter))]
public readonly record struct CampaignDeadline
{
    private CampaignDeadline(string text, DateTimeOffset closesAt)
    {
        Text = text;
        ClosesAt = closesAt;
    }

    /// <summary>As written in the campaign.</summary>
    public string Text { get; }

    /// <summary>First refused instant (UTC).</summary>
    public DateTimeOffset ClosesAt { get; }

    /// <summary>The last instant at which a submission is still accepted.</summary>
    public DateTimeOffset LastAcceptedInstant => ClosesAt.AddTicks(-1);

    public bool IsPassed(DateTimeOffset now) => now >= ClosesAt;

    /// <summary>The whole <paramref name="day"/> in Europe/Paris (DST-correct).</summary>
    public static CampaignDeadline EndOfDay(DateOnly day)
    {
        var nextMidnight = day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        var utc = TimeZoneInfo.ConvertTimeToUtc(nextMidnight, ParisTime.Zone);
        return new CampaignDeadline(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), new DateTimeOffset(utc, TimeSpan.Zero));
    }

    /// <summary>Accepted up to and including the second of <paramref name="lastSecond"/>.</summary>
    public static CampaignDeadline LastSecond(DateTimeOffset lastSecond)
    {
        var truncated = new DateTimeOffset(lastSecond.Ticks - (lastSecond.Ticks % TimeSpan.TicksPerSecond), lastSecond.Offset);
        return new CampaignDeadline(lastSecond.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), truncated.AddSeconds(1).ToUniversalTime());
    }

    public static bool TryParse(string? text, out CampaignDeadline deadline)
    {
        deadline = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            deadline = EndOfDay(day);
            return true;
        }

        if (text.Length > 10 && (text.EndsWith('Z') || text[^6] is '+' or '-')
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            deadline = LastSecond(instant);
            return true;
        }

        return false;
    }

    public override string ToString() => Text;
}

public sealed class CampaignDeadlineJsonConverter : JsonConverter<CampaignDeadline>
{
    public override CampaignDeadline Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && CampaignDeadline.TryParse(reader.GetString(), out var d)
            ? d
            : throw new JsonException("Date limite attendue : « 2015-05-29 » (jour entier, heure de Paris) ou un instant avec fuseau.");

    public override void Write(Utf8JsonWriter writer, CampaignDeadline value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Text);
    }
}

/// <summary>Europe/Paris, the time of the call.</summary>
public static class ParisTime
{
    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static DateTimeOffset ToParis(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>Midnight at the start of <paramref name="day"/> in Paris.</summary>
    public static DateTimeOffset StartOfDay(DateOnly day) => FromLocal(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified));

    /// <summary>
    /// Adds <paramref name="duration"/> as people in Paris count it: years, months and days on the Paris
    /// calendar (midnight stays midnight across a summer-time change), then the time part as elapsed time.
    /// Months follow <see cref="AddMonths"/>: 29 February plus 12 months is 1 March.
    /// </summary>
    public static DateTimeOffset Add(DateTimeOffset instant, IsoDuration duration)
    {
        var local = ToParis(instant).DateTime;
        var day = AddMonths(DateOnly.FromDateTime(local), (duration.Years * 12) + duration.Months).AddDays(duration.Days);
        var shifted = FromLocal(day.ToDateTime(TimeOnly.FromDateTime(local), DateTimeKind.Unspecified));
        return shifted.Add(duration.Time).ToUniversalTime();
    }

    /// <summary>
    /// The same day <paramref name="months"/> later; when that month is too short for the day, the first of
    /// the following month (31 January + 1 month = 1 March, 29 February 2016 + 12 months = 1 March 2017), so
    /// that "N months from a date" never ends before N whole months have passed.
    /// </summary>
    public static DateOnly AddMonths(DateOnly day, int months)
    {
        var firstOfTarget = new DateOnly(day.Year, day.Month, 1).AddMonths(months);
        var length = DateTime.DaysInMonth(firstOfTarget.Year, firstOfTarget.Month);
        return day.Day <= length ? firstOfTarget.AddDays(day.Day - 1) : firstOfTarget.AddMonths(1);
    }

    /// <summary>
    /// The instant of a Paris wall-clock time: a time skipped by the spring change (02:00–03:00) is moved
    /// forward by an hour; a time seen twice in autumn is taken the first time (summer offset).
    /// </summary>
    public static DateTimeOffset FromLocal(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
