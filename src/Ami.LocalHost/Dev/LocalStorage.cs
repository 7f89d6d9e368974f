using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Ami.LocalHost.Dev;

/// <summary>
/// The Azurite the local host starts for itself when no storage is configured: data kept in a folder
/// (default <c>&lt;repo&gt;/.azurite</c>, ignored by git), the standard ports 10000-10002 when they are free so
/// that a user's tools (Storage Explorer) see it, else free ports. One local host at a time per folder
/// (a lock file), and an Azurite left behind by a killed host on that folder is stopped first.
/// </summary>
public sealed class LocalStorage : IAsyncDisposable
{
    private const string LockFileName = "ami-localhost.lock";
    private const string PidFileName = "azurite.pid";

    private readonly FileStream _lock;
    private readonly string _pidFile;

    private LocalStorage(AzuriteProcess azurite, FileStream fileLock, string pidFile, string location)
    {
        Azurite = azurite;
        _lock = fileLock;
        _pidFile = pidFile;
        Location = location;
    }

    public AzuriteProcess Azurite { get; }

    public string Location { get; }

    public static async Task<LocalStorage> StartAsync(string location, bool standardPorts, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        Directory.CreateDirectory(location);
        FileStream fileLock;
        try
        {
            fileLock = new FileStream(Path.Combine(location, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new InvalidOperationException($"Un autre Ami.LocalHost utilise déjà les données Azurite de {location} : arrêtez-le, ou donnez un autre dossier (LocalHost__AzuriteLocation) ou un stockage (AzureWebJobsStorage).");
        }

        try
        {
            var pidFile = Path.Combine(location, PidFileName);
            StopLeftover(pidFile, location);
            var useStandard = standardPorts && new[] { 10000, 10001, 10002 }.All(IsFree);
            var azurite = useStandard
                ? await AzuriteProcess.StartAsync(location, 10000, 10001, 10002, ownSession: true, cancellationToken: cancellationToken)
                : await AzuriteProcess.StartAsync(location, ownSession: true, cancellationToken: cancellationToken);
            await File.WriteAllTextAsync(pidFile, azurite.ProcessId.ToString(CultureInfo.InvariantCulture), cancellationToken);
            return new LocalStorage(azurite, fileLock, pidFile, location);
        }
        catch
        {
            await fileLock.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Azurite.DisposeAsync();
        File.Delete(_pidFile);
        await _lock.DisposeAsync();
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Stops the Azurite recorded in the pid file if it still runs on this folder (its host was killed).</summary>
    private static void StopLeftover(string pidFile, string location)
    {
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return;
        }

        var cmdline = $"/proc/{pid}/cmdline";
        if (File.Exists(cmdline))
        {
            var args = File.ReadAllText(cmdline).Split('\0');
            if (args.Any(a => a.Contains("azurite", StringComparison.OrdinalIgnoreCase)) && args.Contains(location))
            {
                try
                {
                    using var leftover = System.Diagnostics.Process.GetProcessById(pid);
                    leftover.Kill(entireProcessTree: true);
                    leftover.WaitForExit(5000);
                }
                catch (ArgumentException)
                {
                    // already gone
                }
            }
        }

        File.Delete(pidFile);
    }
}
