using System.Net.Http.Json;
using System.Text.Json;
using Ami.LocalHost.Dev;
using Ami.Testing;
using Xunit.Abstractions;

namespace Ami.LocalHost.Tests;

/// <summary>The real local host process, killed (-9) while an orchestration waits on a durable timer.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class KillRestartTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> Probes = new() { ["LocalHost__EnableTestProbes"] = "true" };

    [Fact]
    public async Task TimerWait_ProcessKilledThenRestarted_InstanceCompletesInNewProcess()
    {
        var taskHub = "kill" + Guid.NewGuid().ToString("N")[..12];
        string instanceId;
        int killedPid;
        await using (var first = await LocalHostProcess.StartAsync(azurite.ConnectionString, taskHub, Probes))
        {
            using var started = await first.Http.PostAsync(new Uri("/dev/probes/timer?seconds=4", UriKind.Relative), null);
            started.EnsureSuccessStatusCode();
            instanceId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instanceId").GetString()!;
            var waiting = await PollAsync(first.Http, instanceId, s => s.CustomStatus == TestProbes.WaitingStatus, TimeSpan.FromSeconds(30));
            Assert.Equal("Running", waiting.RuntimeStatus);

            killedPid = first.ProcessId;
            first.Kill();
            Assert.True(first.HasExited);
        }

        await using var second = await LocalHostProcess.StartAsync(azurite.ConnectionString, taskHub, Probes);
        var done = await PollAsync(second.Http, instanceId, s => s.RuntimeStatus is "Completed" or "Failed" or "Terminated", TimeSpan.FromSeconds(120));

        Assert.Equal("Completed", done.RuntimeStatus);
        Assert.Equal($"{instanceId} done by process {second.ProcessId}", done.Output);
        Assert.NotEqual(killedPid, second.ProcessId);
    }

    /// <summary>
    /// The resume time after a crash, measured: an activity is running (its work-item message dequeued, invisible)
    /// when the process is killed; the next process must get it back once the queue's visibility timeout and the dead
    /// process's partition leases have run out (the default visibility timeout, 5 minutes, made this ~5 minutes).
    /// </summary>
    [Fact]
    public async Task ActivityRunning_ProcessKilledThenRestarted_ResumesWithinHalfAMinute()
    {
        var taskHub = "busy" + Guid.NewGuid().ToString("N")[..12];
        string instanceId;
        DateTime killedAt;
        await using (var first = await LocalHostProcess.StartAsync(azurite.ConnectionString, taskHub, Probes))
        {
            using var started = await first.Http.PostAsync(new Uri("/dev/probes/busy", UriKind.Relative), null);
            started.EnsureSuccessStatusCode();
            instanceId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instanceId").GetString()!;
            var until = DateTime.UtcNow.AddSeconds(30);
            while ((await first.Http.GetFromJsonAsync<JsonElement>(new Uri("/dev/probes/running", UriKind.Relative))).GetProperty("slowActivities").GetInt32() == 0)
            {
                Assert.True(DateTime.UtcNow < until, "the activity did not start");
                await Task.Delay(100);
            }

            first.Kill();
            killedAt = DateTime.UtcNow;
        }

        await using var second = await LocalHostProcess.StartAsync(azurite.ConnectionString, taskHub, Probes);
        var readyAt = DateTime.UtcNow;
        var done = await PollAsync(second.Http, instanceId, s => s.RuntimeStatus is "Completed" or "Failed" or "Terminated", TimeSpan.FromSeconds(90));
        var resumedAt = DateTime.UtcNow;

        output.WriteLine($"Kill -9 with an activity running: next process ready after {(readyAt - killedAt).TotalSeconds:F1} s, work resumed and completed {(resumedAt - readyAt).TotalSeconds:F1} s later ({(resumedAt - killedAt).TotalSeconds:F1} s after the kill)");
        Assert.Equal("Completed", done.RuntimeStatus);
        Assert.Equal($"{instanceId} done by process {second.ProcessId}", done.Output);
        Assert.True(resumedAt - killedAt < TimeSpan.FromSeconds(30), $"resumed {(resumedAt - killedAt).TotalSeconds:F1} s after the kill");
    }

    private sealed record ProbeState(string RuntimeStatus, string? CustomStatus, string? Output);

    private static async Task<ProbeState> PollAsync(HttpClient http, string instanceId, Func<ProbeState, bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        ProbeState? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await http.GetFromJsonAsync<ProbeState>(new Uri($"/dev/probes/{instanceId}", UriKind.Relative));
            if (last is not null && until(last))
            {
                return last;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Probe {instanceId} still {last} after {timeout}");
    }
}
