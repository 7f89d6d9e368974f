using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Ami.Workflow.Scanning;

namespace Ami.LocalHost.Dev;

/// <summary>
/// Starts ClamAV's daemon (Debian's <c>clamav-daemon</c>, installed by <c>scripts/ensure-clamav.sh</c>) with the
/// project's own configuration: a TCP socket on loopback (a free port unless given), in the foreground, and a
/// database folder holding only the project's signature file <c>Dev/ClamAv/ami-test.ndb</c> (the EICAR test
/// string and a second test marker; signatures cannot be downloaded here, and freshclam is never run). Used by
/// the local host and the integration tests, the way <see cref="AzuriteProcess"/> is.
/// </summary>
public sealed class ClamdProcess : IAsyncDisposable
{
    /// <summary>The project's signature file, copied beside the binaries.</summary>
    public const string SignatureFile = "ami-test.ndb";

    private readonly string _folder;
    private readonly string _executable;
    private readonly List<string> _lastLines = [];
    private Process? _process;

    private ClamdProcess(string executable, string folder, int port)
    {
        _executable = executable;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>sh script: $1 = owner pid, $2 = clamd, $3 = its configuration.</summary>
    private const string Watchdog = """
        "$2" --config-file="$3" & c=$!
        trap 'kill $c 2>/dev/null; exit 0' TERM INT HUP
        while kill -0 "$1" 2>/dev/null && kill -0 $c 2>/dev/null; do sleep 1; done
        kill $c 2>/dev/null
        wait $c
        """;

    public string Host => "127.0.0.1";

    /// <summary>Whether the daemon process is running now (tests stop and start it).</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The clamd binary: <c>/usr/sbin/clamd</c> (Debian) or on the PATH; null when ClamAV is not installed.</summary>
    public static string? FindExecutable()
    {
        var candidates = new List<string> { "/usr/sbin/clamd", "/usr/local/sbin/clamd" };
        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, "clamd")));
        return candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>The signature file shipped with the binaries (or searched upwards from here, for a source checkout).</summary>
    public static string FindSignatures()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            var beside = Path.Combine(start, "Dev", "ClamAv", SignatureFile);
            if (File.Exists(beside))
            {
                return beside;
            }

            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "src", "Ami.LocalHost", "Dev", "ClamAv", SignatureFile);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException($"Signatures antivirus du projet introuvables ({SignatureFile}).");
    }

    /// <summary>Starts clamd and waits until it answers PING.</summary>
    /// <exception cref="InvalidOperationException">clamd is not installed or did not start.</exception>
    public static async Task<ClamdProcess> StartAsync(int port = 0, CancellationToken cancellationToken = default)
    {
        var executable = FindExecutable()
            ?? throw new InvalidOperationException("clamd est introuvable : installez clamav-daemon (scripts/ensure-clamav.sh).");
        var folder = Path.Combine(Path.GetTempPath(), "ami-clamd-" + Guid.NewGuid().ToString("N")[..12]);
        var database = Path.Combine(folder, "db");
        Directory.CreateDirectory(database);
        File.Copy(FindSignatures(), Path.Combine(database, SignatureFile));
        var clamd = new ClamdProcess(executable, folder, port == 0 ? FreePort() : port);
        await File.WriteAllTextAsync(Path.Combine(folder, "clamd.conf"), clamd.Configuration(database), cancellationToken);
        try
        {
            await clamd.RestartAsync(cancellationToken);
        }
        catch
        {
            await clamd.DisposeAsync();
            throw;
        }

        return clamd;
    }

    /// <summary>
    /// The project's clamd.conf. Files up to 2000 MB are scanned whole (StreamMaxLength, MaxFileSize, MaxScanSize), and
    /// <c>AlertExceedsMax</c> makes a file beyond a limit an alert (<c>Heuristics.Limits.Exceeded</c>, read as "failed")
    /// instead of a silent "OK".
    /// </summary>
    private string Configuration(string database) => string.Create(CultureInfo.InvariantCulture, $"""
        Foreground yes
        DatabaseDirectory {database}
        TCPSocket {Port}
        TCPAddr 127.0.0.1
        Bytecode no
        SelfCheck 0
        StreamMaxLength 2000M
        MaxFileSize 2000M
        MaxScanSize 2000M
        AlertExceedsMax yes
        MaxThreads 4

        """);

    /// <summary>Starts the daemon again on the same port (after <see cref="StopAsync"/>) and waits until it answers.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            return;
        }

        _process?.Dispose();
        // clamd under a small shell watchdog: it stops clamd when this process is gone (even after kill -9, where
        // no dispose runs), so that no daemon outlives its owner.
        var psi = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(Watchdog);
        psi.ArgumentList.Add("ami-clamd");
        psi.ArgumentList.Add(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        psi.ArgumentList.Add(_executable);
        psi.ArgumentList.Add(Path.Combine(_folder, "clamd.conf"));
        var process = Process.Start(psi) ?? throw new InvalidOperationException("clamd n'a pas démarré.");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var client = new ClamdClient(Host, Port);
        var waited = Stopwatch.StartNew();
        while (!await client.PingAsync(cancellationToken))
        {
            if (process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(60))
            {
                Kill();
                string lines;
                lock (_lastLines)
                {
                    lines = string.Join(" | ", _lastLines);
                }

                throw new InvalidOperationException("clamd n'a pas démarré : " + lines);
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Stops the daemon (the port is then refused): a test's "antivirus down".</summary>
    public Task StopAsync()
    {
        Kill();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // a temp folder left behind
        }

        return ValueTask.CompletedTask;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastLines)
        {
            _lastLines.Add(line);
            if (_lastLines.Count > 20)
            {
                _lastLines.RemoveAt(0);
            }
        }
    }

    private void Kill()
    {
        try
        {
            if (_process is { HasExited: false } p)
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
