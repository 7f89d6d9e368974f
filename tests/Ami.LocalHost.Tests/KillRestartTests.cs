using System.Net.Http.Json;
using System.Text.Json;
using Ami.LocalHost.Dev;
using Ami.Testing;

namespace Ami.LocalHost.Tests;

/// <summary>The real local host process, killed (-9) while an orchestration waits on a durable timer.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class KillRestartTests(AzuriteFixture azurite)
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
