using Ami.Workflow.Orchestrations;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ami.Workflow.Tests.Journey;

/// <summary>
/// Between two waits the journey says it is busy (an activity runs, e.g. a reminder of the very step a person is
/// deciding is being mailed). A person acting in that moment must not be told that the step is closed: the
/// event is offered once the journey waits again. The real engine, with a stand-in journey whose activity the
/// test holds.
/// </summary>
public sealed class BusyJourneyTests : IAsyncLifetime
{
    private const string Orchestrator = "BusyThenWaitingJourney";
    private const string HeldActivity = "HeldReminder";

    private static readonly SemaphoreSlim Release = new(0);
    private static readonly SemaphoreSlim Entered = new(0);

    private DurableTaskTestHost? _host;

    public async Task InitializeAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                _host = await DurableTaskTestHost.StartAsync(
                    r =>
                    {
                        r.AddOrchestratorFunc<string, string>(Orchestrator, async (context, _) =>
                        {
                            context.SetCustomStatus(new JourneyStatus(JourneySteps.Busy, [JourneyEvents.Withdrawn]));
                            await context.CallActivityAsync<bool>(HeldActivity, "jury-reminder");
                            context.SetCustomStatus(new JourneyStatus(JourneySteps.JuryScore, [JourneyEvents.ActionDecided, JourneyEvents.Withdrawn]) { Attempt = 1 });
                            var decision = await context.WaitForExternalEvent<ActionDecision>(JourneyEvents.ActionDecided);
                            return decision.Actor + ":" + decision.Decision;
                        });
                        r.AddActivityFunc<string, bool>(HeldActivity, async (_, _) =>
                        {
                            Entered.Release();
                            await Release.WaitAsync(TimeSpan.FromSeconds(30));
                            return true;
                        });
                    },
                    new DurableTaskTestHostOptions { LoggerFactory = NullLoggerFactory.Instance, ConfigureServices = s => s.AddLogging(b => b.ClearProviders()) });
                return;
            }
            catch (IOException) when (attempt < 5)
            {
                await Task.Delay(100 * attempt);
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Fact]
    public async Task TryRaise_JourneyBusyWithAReminderOfThatStep_RaisedOnceItWaitsAgain()
    {
        var client = _host!.Client;
        var id = await client.ScheduleNewOrchestrationInstanceAsync(Orchestrator, "d1");
        Assert.True(await Entered.WaitAsync(TimeSpan.FromSeconds(30)), "the held activity never ran");
        await WaitForBusyAsync(client, id);

        var raising = client.TryRaiseAsync(id, JourneyEvents.ActionDecided, new ActionDecision(JourneySteps.JuryScore, 1, "juror-1", "scored"),
            NullLogger.Instance, s => s.AllowsAction(JourneySteps.JuryScore, 1), knownStatus: null, CancellationToken.None);
        await Task.Delay(500);
        Release.Release();

        Assert.Equal(RaiseOutcome.Raised, await raising);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal("juror-1:scored", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task TryRaise_JourneyBusyThenWaitingForAnotherStep_RefusedAfterTheBusyMoment()
    {
        var client = _host!.Client;
        var id = await client.ScheduleNewOrchestrationInstanceAsync(Orchestrator, "d2");
        Assert.True(await Entered.WaitAsync(TimeSpan.FromSeconds(30)), "the held activity never ran");
        await WaitForBusyAsync(client, id);

        var raising = client.TryRaiseAsync(id, JourneyEvents.ActionDecided, new ActionDecision(JourneySteps.Validation, 1, "staff-0", "eligible"),
            NullLogger.Instance, s => s.AllowsAction(JourneySteps.Validation, 1), knownStatus: null, CancellationToken.None);
        await Task.Delay(500);
        Release.Release();

        Assert.Equal(RaiseOutcome.NotWaiting, await raising);
        await client.TerminateInstanceAsync(id);
    }

    private static async Task WaitForBusyAsync(DurableTaskClient client, string id)
    {
        for (var i = 0; i < 300; i++)
        {
            if ((await client.GetJourneyStatusAsync(id, CancellationToken.None))?.Step == JourneySteps.Busy)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{id} never said it was busy");
    }
}
