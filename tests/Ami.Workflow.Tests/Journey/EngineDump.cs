using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ami.Workflow.Tests.Journey;

/// <summary>
/// What the in-process engine holds for an instance (its history, the messages waiting for it, whether an episode
/// is running): the test host has no history API, so a stuck journey is explained from the engine's own store.
/// Diagnostics only; a failing test prints it.
/// </summary>
internal static class EngineDump
{
    private const BindingFlags Private = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

    public static string Of(DurableTaskTestHost host, string instanceId)
    {
        try
        {
            var sidecar = (IHost)typeof(DurableTaskTestHost).GetField("sidecarHost", Private)!.GetValue(host)!;
            var service = sidecar.Services.GetRequiredService<IOrchestrationService>();
            var store = service.GetType().GetField("instanceStore", Private)!.GetValue(service)!;
            var states = (IDictionary)store.GetType().GetField("store", Private)!.GetValue(store)!;
            if (!states.Contains(instanceId))
            {
                return $"{instanceId}: not in the engine's store";
            }

            var state = states[instanceId]!;
            var type = state.GetType();
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"{instanceId}: loaded={type.GetProperty("IsLoaded", Private)!.GetValue(state)} completed={type.GetProperty("IsCompleted", Private)!.GetValue(state)}\n");
            foreach (var node in (JsonArray)type.GetProperty("HistoryEventsJson", Private)!.GetValue(state)!)
            {
                text.Append("  ").Append(Describe(node!.GetValue<HistoryEvent>())).Append('\n');
            }

            foreach (var node in (JsonArray)type.GetProperty("MessagesJson", Private)!.GetValue(state)!)
            {
                text.Append("  pending message: ").Append(Describe(node!.GetValue<TaskMessage>().Event)).Append('\n');
            }

            return text.ToString();
        }
        catch (Exception e) when (e is InvalidOperationException or NullReferenceException or InvalidCastException or TargetException or ArgumentException or System.Text.Json.JsonException)
        {
            return $"{instanceId}: the engine's store could not be read ({e.GetType().Name}: {e.Message})";
        }
    }

    private static string Describe(HistoryEvent e)
    {
        var at = e.Timestamp.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
        return e switch
        {
            TaskScheduledEvent s => $"{at} #{s.EventId} TaskScheduled {s.Name}",
            TaskCompletedEvent c => $"{at} TaskCompleted of #{c.TaskScheduledId}",
            TaskFailedEvent f => $"{at} TaskFailed of #{f.TaskScheduledId}: {f.FailureDetails?.ErrorType}",
            TimerCreatedEvent t => $"{at} #{t.EventId} TimerCreated for {t.FireAt:HH:mm:ss.fff}",
            TimerFiredEvent t => $"{at} TimerFired of #{t.TimerId} (for {t.FireAt:HH:mm:ss.fff})",
            EventRaisedEvent r => $"{at} EventRaised {r.Name}",
            ExecutionStartedEvent s => $"{at} ExecutionStarted {s.Name} v{s.Version}",
            ExecutionCompletedEvent c => $"{at} ExecutionCompleted {c.OrchestrationStatus}",
            _ => $"{at} {e.EventType}",
        };
    }
}
