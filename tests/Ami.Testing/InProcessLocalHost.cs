using System.Text;
using Ami.LocalHost;

namespace Ami.Testing;

/// <summary>
/// Starts the local host (<see cref="AmiLocalHost"/>) inside the test process on a free port, on the given
/// storage and a unique task hub: the real engine, worker, routes and hosted services, with access to its
/// services (<c>host.Client</c>, <c>host.Mails</c>, <c>host.Services</c>) and <see cref="LocalHostHooks"/> to add
/// test tasks, endpoints or replace services.
/// </summary>
public static class InProcessLocalHost
{
    public const string TestStaffKey = LocalHostProcess.TestStaffKey;

    public static Task<AmiLocalHost> StartAsync(
        string storageConnectionString,
        LocalHostHooks? hooks = null,
        IReadOnlyDictionary<string, string>? settings = null,
        string? taskHubName = null,
        CancellationToken cancellationToken = default)
    {
        var args = new Dictionary<string, string>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["AzureWebJobsStorage"] = storageConnectionString,
            ["TASKHUB_NAME"] = taskHubName ?? "t" + Guid.NewGuid().ToString("N")[..16],
            ["Ami:StaffKey"] = TestStaffKey,
            ["Ami:LinkKeys:Current"] = Convert.ToBase64String(Encoding.ASCII.GetBytes("in-process-local-host-test-link-key!!")),

            // As LocalHostProcess: the journeys these hosts walk mail the jurors, the president and the CP per dossier
            // (1.2); a test of the people's workspaces passes Ami:Journey:StartVersion = 1.3.
            ["Ami:Journey:StartVersion"] = "1.2",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            args[key] = value;
        }

        return AmiLocalHost.StartAsync([.. args.Select(kv => $"--{kv.Key}={kv.Value}")], hooks, cancellationToken);
    }
}
