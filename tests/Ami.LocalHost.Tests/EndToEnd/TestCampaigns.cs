using System.Globalization;
using System.Text.Json.Nodes;

namespace Ami.LocalHost.Tests.EndToEnd;

/// <summary>
/// Campaigns as staff post them (<c>POST /api/campaigns</c>, docs/api.md's JSON), counted in seconds: there
/// is no fake clock for durable timers, so the call's durations are data.
/// </summary>
internal static class TestCampaigns
{
    public const string Staff = "instruction@region.e2e.example";
    public const string Juror1 = "jure1@partenaire.e2e.example";
    public const string Juror2 = "jure2@region.e2e.example";
    public const string President = "president@region.e2e.example";
    public const string CpSecretariat = "cp@region.e2e.example";
    public const string Finance = "finance@region.e2e.example";

    /// <summary>The contact of samples/dossier.json: the holder's inbox.</summary>
    public const string Holder = "jeanne.martin@jardins-partages.example";

    /// <summary>A unique campaign id (and reference prefix) for one test.</summary>
    public static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>
    /// A campaign open for a month, whose last accepted second is <paramref name="lastSecond"/>, with waits and
    /// reminders in seconds: the jury is due <c>PT20S</c> after the close, the bilan <c>PT10S</c> after the start.
    /// </summary>
    public static JsonObject InSeconds(string id, DateTimeOffset lastSecond) => new()
    {
        ["id"] = id,
        ["title"] = "AMI Innovation sociale – bout en bout",
        ["referencePrefix"] = id.ToUpperInvariant(),
        ["opensAt"] = Instant(lastSecond.AddDays(-30)),
        ["deadline"] = Instant(lastSecond),
        ["maxGrant"] = 40000,
        ["instalmentPercents"] = new JsonArray(70, 30),
        ["maxDurationMonths"] = 12,
        ["bilanDueAfter"] = "PT10S",
        ["juryDueAfterClose"] = "PT20S",
        ["contactEmail"] = "ami.is@region.e2e.example",
        ["staff"] = new JsonArray(Staff),
        ["jurors"] = new JsonArray(Juror1, Juror2),
        ["juryPresident"] = President,
        ["cpSecretariat"] = CpSecretariat,
        ["finance"] = Finance,
        ["schedule"] = new JsonObject
        {
            ["changesRemindersBeforeDeadline"] = new JsonArray("PT5S"),
            ["juryRemindersBeforeDue"] = new JsonArray("PT10S"),
            ["bilanRemindersBeforeDue"] = new JsonArray("PT5S"),
            ["bilanRemindersAfterDue"] = new JsonArray("PT5S"),
            ["staffReminderEvery"] = "PT30S",
            ["actionLinkValidity"] = "P1D",
            ["startExpectedWithin"] = "PT30S",
        },
    };

    /// <summary>As written in a campaign: the second, with its offset.</summary>
    public static string Instant(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>The instant the call closes (first refused instant) for a deadline given as its last second.</summary>
    public static DateTimeOffset ClosesAt(DateTimeOffset lastSecond) =>
        new DateTimeOffset(lastSecond.Ticks - (lastSecond.Ticks % TimeSpan.TicksPerSecond), lastSecond.Offset).AddSeconds(1);
}
