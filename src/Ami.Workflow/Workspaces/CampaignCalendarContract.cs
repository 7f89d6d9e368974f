using System.Globalization;
using Ami.Domain.Campaigns;
using Ami.Workflow.Orchestrations;

namespace Ami.Workflow.Workspaces;

/// <summary>
/// The names shared by the campaign's calendar (<see cref="CampaignCalendar"/>, one instance per campaign) and those who
/// talk to it (the campaign and filing handlers that start it, the people's workspaces that signal it).
/// </summary>
public static class CampaignCalendarNames
{
    public const string Orchestrator = "CampaignCalendar";

    /// <summary>The instance of a campaign's calendar: <c>calendar:{campaignId}</c> (never a dossier id: those have no colon).</summary>
    public static string InstanceId(string campaignId) => "calendar:" + campaignId;
}

/// <summary>External events raised on a campaign's calendar.</summary>
public static class CampaignEvents
{
    /// <summary>The campaign changed (its deadline, its jury due date, its people): the calendar re-reads it. Same wire name as the journeys'.</summary>
    public const string CampaignChanged = JourneyEvents.CampaignChanged;

    /// <summary>A juror's sheet was recorded from the workspace: the calendar looks whether every dossier's jury is complete.</summary>
    public const string SheetSubmitted = "SheetSubmitted";

    /// <summary>The jury president submitted the opinions (issue 15's president page): the CP secretariat is invited.</summary>
    public const string OpinionsGiven = "OpinionsGiven";
}

/// <summary>Input of <see cref="CampaignCalendarNames.Orchestrator"/>.</summary>
public sealed record CalendarInput(string CampaignId);

/// <summary>Output of the calendar: how it ended (<c>cp-invited</c>, <c>no-campaign</c>).</summary>
public sealed record CalendarOutcome(string Status);

/// <summary>What the calendar needs of the campaign: instants and durations, never addresses.</summary>
/// <param name="JuryReminders">The reminder instants before the jury is due, in order.</param>
public sealed record CalendarPlan(
    DateTimeOffset ClosesAt,
    DateTimeOffset JuryDueAt,
    IReadOnlyList<DateTimeOffset> JuryReminders,
    int JurorCount,
    CampaignSchedule Schedule);

/// <summary>Where the campaign's jury stands (<see cref="Activities.ActivityNames.ReadCampaignJuryState"/>).</summary>
/// <param name="Complete">Every dossier bound for the jury has its jury complete (every juror answered, at least two sheets), and there is at least one.</param>
/// <param name="OpinionsGiven">Every dossier past its jury has the president's opinion (none waits on jury-opinion).</param>
public sealed record CalendarJuryState(int InJury, bool Complete, bool OpinionsGiven);

/// <summary>The campaign-wide mails (one per person, not per dossier).</summary>
public enum CalendarMail
{
    /// <summary>To each juror when the call closes: how many dossiers await them, by when, their workspace link.</summary>
    JurorInvitation,

    /// <summary>To each juror with sheets missing, at each reminder date.</summary>
    JurorReminder,

    /// <summary>To staff, once, when the jury is due: the dossiers short of sheets.</summary>
    JuryShortfall,

    /// <summary>To the jury president, once: the president's workspace link.</summary>
    PresidentInvitation,

    /// <summary>To the CP secretariat, once, when the opinions are given: the secretariat's workspace link.</summary>
    CpInvitation,
}

/// <summary>Input of <see cref="Activities.ActivityNames.SendCalendarMail"/>.</summary>
/// <param name="At">The orchestration's time: the reminder's instant (part of its once-key) and the start of the links' validity.</param>
public sealed record CalendarMailRequest(string CampaignId, CalendarMail Mail, DateTimeOffset At)
{
    /// <summary>The step key of the mail: once per campaign, and once per reminder instant for reminders.</summary>
    public string StepKey => Mail == CalendarMail.JurorReminder
        ? "calendar:jury-reminder:" + At.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)
        : "calendar:" + Mail.ToString();
}

