using System.Globalization;
using Ami.Domain.Campaigns;
using Ami.Domain.Scoring;

namespace Ami.LocalHost.Tests.EndToEnd;

/// <summary>What people fill in on the pages of their links (docs/api.md's table, as form fields).</summary>
internal static class FormAnswers
{
    public static Dictionary<string, string> Eligible() => new() { ["decision"] = "eligible" };

    /// <summary>A juror's grid: every criterion of Annex 1 at <paramref name="level"/> (0 to 3).</summary>
    public static Dictionary<string, string> Scores(int level, string comment)
    {
        var values = ScoringGrid.Annex1.Criteria.ToDictionary(c => "scores." + c.Key, _ => level.ToString(CultureInfo.InvariantCulture));
        values["comment"] = comment;
        return values;
    }

    public static Dictionary<string, string> Favourable(string proposedAmount, string comment) =>
        new() { ["decision"] = "favourable", ["proposedAmount"] = proposedAmount, ["comment"] = comment };

    public static Dictionary<string, string> Granted(string amount, DateOnly cpDate, string comment) =>
        new() { ["decision"] = "granted", ["amount"] = amount, ["cpDate"] = Day(cpDate), ["comment"] = comment };

    public static Dictionary<string, string> BilanAccepted() => new() { ["decision"] = "accepted", ["comment"] = "Bilan conforme." };

    /// <summary>Today on the Paris calendar (the call's).</summary>
    public static DateOnly TodayInParis() => DateOnly.FromDateTime(ParisTime.ToParis(DateTimeOffset.UtcNow).DateTime);

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The first year's bilan in the JSON of docs/api.md.</summary>
    public const string Bilan = """
        { "spent": [ { "category": "researchers", "amount": 12000 }, { "category": "staff-time", "amount": 15250.40 }, { "category": "travel", "amount": 830.10 } ],
          "summary": "Trois jardins ouverts, 140 habitants impliqués, une enquête sur l'isolement menée avec l'université." }
        """;

    /// <summary>A small valid PDF for the bilan's report.</summary>
    public static byte[] BilanReport { get; } = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% bilan de la première année\n%%EOF\n"u8.ToArray();
}
