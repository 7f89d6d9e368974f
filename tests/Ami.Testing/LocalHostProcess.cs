using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace Ami.Testing;

/// <summary>
/// The real local host as a separate process (<c>dotnet Ami.LocalHost.dll --urls http://127.0.0.1:PORT</c>),
/// on a given storage and task hub, ready when <c>GET /api/health</c> answers 200. <see cref="Kill"/> is a
/// kill -9; <see cref="DisposeAsync"/> kills what is left. For end-to-end tests through HTTP only; for tests
/// that need the host's services use <c>AmiLocalHost.StartAsync</c> in-process.
/// </summary>
public sealed class LocalHostProcess : IAsyncDisposable
{
    /// <summary>The staff key the process is started with (<c>Ami__StaffKey</c>).</summary>
    public const string TestStaffKey = "test-staff-key-0123456789";

    /// <summary>The link-signing key the process is started with (<c>Ami__LinkKeys__Current</c>), base64.</summary>
    public static readonly string TestLinkKey = Convert.ToBase64String(Encoding.ASCII.GetBytes("local-host-process-test-link-key-32b!"));

    private readonly Process _process;
    private readonly StringBuilder _output;

    private LocalHostProcess(Process process, StringBuilder output, Uri baseUrl)
    {
        _process = process;
        _output = output;
        BaseUrl = baseUrl;
        Http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseUrl { get; }

    /// <summary>A client on <see cref="BaseUrl"/>.</summary>
    public HttpClient Http { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process printed so far (stdout and stderr).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Folder of Ami.LocalHost.dll as built for this configuration.</summary>
    public static string OutputDirectory =>
        typeof(LocalHostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "LocalHostOutputDir").Value!;

    /// <param name="storageConnectionString">Becomes <c>AzureWebJobsStorage</c> (e.g. <c>AzuriteFixture.ConnectionString</c>).</param>
    /// <param name="taskHubName">Becomes <c>TASKHUB_NAME</c>; use a unique one per test.</param>
    /// <param name="settings">More settings, as environment variables (<c>Ami__X</c>, <c>LocalHost__EnableTestProbes</c>).</param>
    /// <param name="outputDirectory">The folder of another build of Ami.LocalHost.dll (an older deployment); default <see cref="OutputDirectory"/>.</param>
    public static async Task<LocalHostProcess> StartAsync(
        string storageConnectionString,
        string taskHubName,
        IReadOnlyDictionary<string, string>? settings = null,
        string? outputDirectory = null,
        CancellationToken cancellationToken = default)
    {
        var directory = outputDirectory ?? OutputDirectory;
        var dll = Path.Combine(directory, "Ami.LocalHost.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("Build src/Ami.LocalHost first (the test project references it).", dll);
        }

        var baseUrl = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePort()}"));
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add(baseUrl.ToString().TrimEnd('/'));
        psi.Environment["AzureWebJobsStorage"] = storageConnectionString;
        psi.Environment["TASKHUB_NAME"] = taskHubName;
        psi.Environment["Ami__StaffKey"] = TestStaffKey;
        psi.Environment["Ami__LinkKeys__Current"] = TestLinkKey;

        // The journeys most process tests walk (and scripts/walkthrough.sh) mail each juror, the president and the CP
        // per dossier: 1.2, still running in production. The people's workspaces (1.3) are walked by the tests that
        // pass Ami__Journey__StartVersion=1.3 (JuryCalendarEndToEndTests, JurorWorkspaceBrowserTests).
        psi.Environment["Ami__Journey__StartVersion"] = "1.2";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            psi.Environment[key] = value;
        }

        var output = new StringBuilder();
        var process = Process.Start(psi) ?? throw new InvalidOperationException("dotnet did not start");
        DataReceivedEventHandler append = (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += append;
        process.ErrorDataReceived += append;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var host = new LocalHostProcess(process, output, baseUrl);
        try
        {
            await host.WaitUntilReadyAsync(TimeSpan.FromSeconds(90), cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>kill -9: no shutdown code runs, as when the machine or the process dies.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
            _process.WaitForExit(10_000);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        finally
        {
            _process.Dispose();
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        using var probe = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(10) };
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Ami.LocalHost exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await probe.GetAsync(new Uri("/api/health", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // slow start
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"Ami.LocalHost did not answer /api/health within {timeout}:\n{Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
