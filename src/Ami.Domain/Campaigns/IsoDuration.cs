using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Ami.Domain.Campaigns;

/// <summary>
/// An ISO 8601 duration with calendar parts (<c>P12M</c>, <c>P30D</c>, <c>PT20S</c>): months are
/// calendar months, not 30 days, so "bilan 12 months after start" lands on the same day of the month.
/// </summary>
[JsonConverter(typeof(IsoDurationJsonConverter))]
public readonly partial record struct IsoDuration(int Years, int Months, int Days, TimeSpan Time)
{
    public static IsoDuration Zero => default;

    public static IsoDuration FromMonths(int months) => new(0, months, 0, TimeSpan.Zero);

    public static IsoDuration FromDays(int days) => new(0, 0, days, TimeSpan.Zero);

    public static IsoDuration FromTime(TimeSpan time) => new(0, 0, 0, time);

    public bool IsZero => Years == 0 && Months == 0 && Days == 0 && Time == TimeSpan.Zero;

    [GeneratedRegex(@"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool TryParse(string? text, out IsoDuration value)
    {
        value = default;
        if (string.IsNullOrEmpty(text) || text == "P" || text.EndsWith('T'))
        {
            return false;
        }

        var m = Pattern().Match(text);
        if (!m.Success)
        {
            return false;
        }

        static int I(Group g) => g.Success ? int.Parse(g.Value, CultureInfo.InvariantCulture) : 0;
        var seconds = m.Groups[7].Success ? double.Parse(m.Groups[7].Value, CultureInfo.InvariantCulture) : 0d;
        var time = new TimeSpan(I(m.Groups[5]), I(m.Groups[6]), 0) + TimeSpan.FromSeconds(seconds);
        value = new IsoDuration(I(m.Groups[1]), I(m.Groups[2]), (I(m.Groups[3]) * 7) + I(m.Groups[4]), time);
        return true;
    }

    public static IsoDuration Parse(string text) =>
        TryParse(text, out var d) ? d : throw new FormatException($"Durée ISO 8601 invalide : « {text} ».");

    /// <summary>Adds the calendar parts (years, months, days) then the time part.</summary>
    public DateTimeOffset AddTo(DateTimeOffset instant) =>
        instant.AddYears(Years).AddMonths(Months).AddDays(Days).Add(Time);

    public DateTimeOffset SubtractFrom(DateTimeOffset instant) =>
        instant.AddYears(-Years).AddMonths(-Months).AddDays(-Days).Subtract(Time);

    public override string ToString()
    {
        var s = "P";
        if (Years != 0) s += Years.ToString(CultureInfo.InvariantCulture) + "Y";
        if (Months != 0) s += Months.ToString(CultureInfo.InvariantCulture) + "M";
        if (Days != 0) s += Days.ToString(CultureInfo.InvariantCulture) + "D";
        if (Time != TimeSpan.Zero)
        {
            s += "T";
            if (Time.Hours + (Time.Days * 24) != 0) s += (Time.Hours + (Time.Days * 24)).ToString(CultureInfo.InvariantCulture) + "H";
            if (Time.Minutes != 0) s += Time.Minutes.ToString(CultureInfo.InvariantCulture) + "M";
            var sec = Time.Seconds + (Time.Milliseconds / 1000d);
            if (sec != 0) s += sec.ToString(CultureInfo.InvariantCulture) + "S";
        }

        return s == "P" ? "PT0S" : s;
    }
}

public sealed class IsoDurationJsonConverter : JsonConverter<IsoDuration>
{
    public override IsoDuration Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && IsoDuration.TryParse(reader.GetString(), out var d)
            ? d
            : throw new JsonException("Durée ISO 8601 attendue (P12M, P30D, PT20S).");

    public override void Write(Utf8JsonWriter writer, IsoDuration value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}
