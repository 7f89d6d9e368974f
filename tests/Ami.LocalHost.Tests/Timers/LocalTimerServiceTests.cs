using System.Collections.Concurrent;
using Ami.LocalHost.Timers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ami.LocalHost.Tests.Timers;

/// <summary>
/// The local twin of a <c>[TimerTrigger]</c> runs its job once per occurrence of the schedule, even when the machine's
/// timers wake it a moment before the occurrence (as they do under load).
/// </summary>
public sealed class LocalTimerServiceTests
{
    [Fact]
    public async Task Timer_WokenEarlyBeforeEachOccurrence_RunsOncePerOccurrenceAndNotBeforeIt()
    {
        var runs = new ConcurrentQueue<DateTimeOffset>();
        var table = new LocalTimerTable().Map("EverySecond", "* * * * * *", (_, _) =>
        {
            runs.Enqueue(TimeProvider.System.GetUtcNow());
            return Task.CompletedTask;
        });
        using var services = new ServiceCollection().BuildServiceProvider();
        using var service = new LocalTimerService(
            table, services.GetRequiredService<IServiceScopeFactory>(), new ConfigurationBuilder().Build(), new EarlyTimeProvider(), NullLogger<LocalTimerService>.Instance);

        await service.StartAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        await service.StopAsync(CancellationToken.None);

        var seconds = runs.Select(r => r.ToUnixTimeSeconds()).ToList();
        Assert.InRange(seconds.Count, 2, 4);
        Assert.Equal(seconds.Distinct().Count(), seconds.Count);
    }

    [Fact]
    public void NextOccurrence_IsStrictlyAfterTheOneJustRun()
    {
        var schedule = LocalTimerTable.ParseSchedule("0 0 8 * * *", new ConfigurationBuilder().Build());
        var eight = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
        Assert.Equal(eight, LocalTimerService.NextOccurrence(schedule, eight.AddMilliseconds(-300)));
        Assert.Equal(eight.AddDays(1), LocalTimerService.NextOccurrence(schedule, eight));
    }

    /// <summary>The system clock, whose timers fire 300 ms before they are due.</summary>
    private sealed class EarlyTimeProvider : TimeProvider
    {
        private static readonly TimeSpan Early = TimeSpan.FromMilliseconds(300);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            System.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan || dueTime <= Early ? (dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.Zero) : dueTime - Early, period);
    }
}
