using System.Globalization;
using Ami.Workflow.Digest;
using Ami.Workflow.Drafts;
using Ami.Workflow.Intake;
using Microsoft.DurableTask.Client;
using NCrontab;

namespace Ami.LocalHost.Timers;

/// <summary>One timer-triggered job: the twin of a <c>[TimerTrigger]</c> function of Ami.Functions.</summary>
/// <param name="Name">The function's name (<c>[Function("…")]</c>).</param>
/// <param name="Schedule">The same NCRONTAB expression as the trigger (6 fields with seconds, or 5), or
/// <c>%SETTING%</c> to read it from configuration, as the Functions host does.</param>
/// <param name="Run">The job: the same Ami.Workflow code the function calls, in its own DI scope.</param>
public sealed record LocalTimer(string Name, string Schedule, Func<IServiceProvider, CancellationToken, Task> Run);

/// <summary>The timer jobs of the local host.</summary>
public sealed class LocalTimerTable
{
    private readonly List<LocalTimer> _timers = [];

    public IReadOnlyList<LocalTimer> Timers => _timers;

    public LocalTimerTable Map(string name, string schedule, Func<IServiceProvider, CancellationToken, Task> run)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(schedule);
        ArgumentNullException.ThrowIfNull(run);
        _timers.Add(new LocalTimer(name, schedule, run));
        return this;
    }

    /// <summary>Resolves <c>%SETTING%</c> and parses the NCRONTAB expression (with or without seconds).</summary>
    public static CrontabSchedule ParseSchedule(string schedule, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(configuration);
        var expression = schedule;
        if (schedule.Length > 2 && schedule[0] == '%' && schedule[^1] == '%')
        {
            var setting = schedule[1..^1];
            expression = configuration[setting]
                ?? throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Le paramètre {setting} (planification d'un minuteur) est absent."));
        }

        var withSeconds = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6;
        return CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = withSeconds });
    }
}

/// <summary>
/// The timer-triggered jobs of Ami.Functions, run by the local host on the same schedules (UTC, as the
/// Functions host on Linux). Every entry has a <c>[TimerTrigger]</c> twin with the same name in Ami.Functions
/// (checked by the route-parity test).
/// </summary>
public static class AmiTimers
{
    public static LocalTimerTable MapAmiTimers(this LocalTimerTable timers)
    {
        ArgumentNullException.ThrowIfNull(timers);
        timers.Map("StaffDigest", "%DIGEST_SCHEDULE%", (sp, ct) => sp.GetRequiredService<StaffDigestJob>().RunAsync(new DurableJourneyFailures(sp.GetRequiredService<DurableTaskClient>()), ct));
        timers.Map("DraftReminders", DraftReminderJob.Schedule, (sp, ct) => sp.GetRequiredService<DraftReminderJob>().RunAsync(ct));
        timers.Map("StagingSweep", StagingSweeper.Schedule, (sp, ct) => sp.GetRequiredService<StagingSweeper>().SweepAsync(sp.GetRequiredService<DurableTaskClient>(), cancellationToken: ct));
        return timers;
    }
}

/// <summary>Runs every <see cref="LocalTimerTable"/> job at its next occurrences until the host stops.</summary>
internal sealed partial class LocalTimerService(
    LocalTimerTable table,
    IServiceScopeFactory scopes,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<LocalTimerService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(table.Timers.Select(t => RunTimerAsync(t, LocalTimerTable.ParseSchedule(t.Schedule, configuration), stoppingToken)));

    private async Task RunTimerAsync(LocalTimer timer, CrontabSchedule schedule, CancellationToken stoppingToken)
    {
        var occurrence = NextOccurrence(schedule, time.GetUtcNow());
        while (!stoppingToken.IsCancellationRequested)
        {
            // A delay may end a moment before the occurrence: wait for the rest, never run the occurrence twice.
            if (!await WaitUntilAsync(occurrence, stoppingToken))
            {
                return;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await timer.Run(scope.ServiceProvider, stoppingToken);
                LogRan(logger, timer.Name);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, e, timer.Name);
            }

            // The next occurrence after the one just run (occurrences missed by a long run are skipped, as the Functions host does).
            var now = time.GetUtcNow();
            occurrence = NextOccurrence(schedule, now > occurrence ? now : occurrence);
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    internal static DateTimeOffset NextOccurrence(CrontabSchedule schedule, DateTimeOffset after) =>
        new(schedule.GetNextOccurrence(after.UtcDateTime), TimeSpan.Zero);

    private async Task<bool> WaitUntilAsync(DateTimeOffset occurrence, CancellationToken stoppingToken)
    {
        for (var now = time.GetUtcNow(); now < occurrence; now = time.GetUtcNow())
        {
            try
            {
                await Task.Delay(occurrence - now, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return !stoppingToken.IsCancellationRequested;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Timer {TimerName} ran")]
    private static partial void LogRan(ILogger logger, string timerName);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Timer {TimerName} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string timerName);
}
