using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Ami.LocalHost.Dev;

/// <summary>
/// Starts Azurite from the npm package pinned in the repository (<c>node_modules/.bin/azurite</c>) on
/// loopback ports (0 = free ports chosen by the OS), waits until its three services listen, and stops
/// it on dispose. Used by the local host when no storage is configured, and by the integration tests.
/// </summary>
public sealed partial class AzuriteProcess : IAsyncDisposable
{
    public const string AccountName = "devstoreaccount1";

    // The well-known development key of Azurite (public, documented); not a secret.
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;

    private AzuriteProcess(Process process, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }

    /// <summary>Id of the Azurite (node) process.</summary>
    public int ProcessId => _process.Id;

    public int QueuePort { get; }

    public int TablePort { get; }

    public string ConnectionString =>
        string.Create(CultureInfo.InvariantCulture, $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};");

    [GeneratedRegex(@"Azurite (Blob|Queue|Table) service is successfully listening at http://[^:]+:(\d+)")]
    private static partial Regex ListeningLine();

    /// <summary>Starts Azurite. <paramref name="location"/> null = in-memory (throwaway) storage.</summary>
    /// <param name="ownSession">Start it in a session of its own (<c>setsid</c>), so that Ctrl+C in the terminal
    /// does not stop it before its owner has finished with it; the owner stops it on dispose.</param>
    public static async Task<AzuriteProcess> StartAsync(string? location = null, int blobPort = 0, int queuePort = 0, int tablePort = 0, bool ownSession = false, CancellationToken cancellationToken = default)
    {
        var executable = FindExecutable()
            ?? throw new InvalidOperationException("Azurite est introuvable : lancez « npm ci » à la racine du dépôt (node_modules/.bin/azurite).");
        var setsid = ownSession ? new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists) : null;
        var psi = new ProcessStartInfo(setsid ?? executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (setsid is not null)
        {
            // setsid execs Azurite in place (same process id) since a child is never a group leader.
            psi.ArgumentList.Add(executable);
        }

        foreach (var a in new[]
                 {
                     "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(CultureInfo.InvariantCulture),
                     "--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(CultureInfo.InvariantCulture),
                     "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(CultureInfo.InvariantCulture),
                     "--skipApiVersionCheck", "--loose", "--silent",
                 })
        {
            psi.ArgumentList.Add(a);
        }

        if (location is null)
        {
            psi.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(location);
            psi.ArgumentList.Add("--location");
            psi.ArgumentList.Add(location);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("Azurite n'a pas démarré.");
        var ports = new Dictionary<string, int>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lastLines = new List<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException("Azurite s'est arrêté : " + string.Join(" | ", lastLines)));
                return;
            }

            lock (ports)
            {
                lastLines.Add(e.Data);
                if (lastLines.Count > 20)
                {
                    lastLines.RemoveAt(0);
                }

                var m = ListeningLine().Match(e.Data);
                if (m.Success)
                {
                    ports[m.Groups[1].Value] = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
                    if (ports.Count == 3)
                    {
                        ready.TrySetResult();
                    }
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (ports)
                {
                    lastLines.Add(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }
        catch
        {
            Kill(process);
            throw;
        }

        return new AzuriteProcess(process, ports["Blob"], ports["Queue"], ports["Table"]);
    }

    /// <summary>The <c>azurite</c> launcher of the repository's node_modules, searched upwards from here.</summary>
    public static string? FindExecutable()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "node_modules", ".bin", "azurite");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill(_process);
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
