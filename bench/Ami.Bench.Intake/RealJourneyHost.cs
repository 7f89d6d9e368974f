using Ami.Domain.Scanning;
using Ami.LocalHost;
using Ami.Testing;
using Ami.Workflow.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Ami.Bench.Intake;

/// <summary>What the throughput rounds need of the app under test: its address and its services.</summary>
internal interface IBenchHost : IAsyncDisposable
{
    Uri BaseAddress { get; }

    IServiceProvider Services { get; }

    /// <summary>The staff key of the host (for the dossier view after the large upload).</summary>
    string StaffKey { get; }
}

/// <summary>
/// <c>--real-journey</c>: the local host itself (<see cref="InProcessLocalHost"/>: its composition and routes, the real
/// journey on the real Durable Task engine, Azure Storage provider, on the same Azurite, the SendGrid capture), so
/// that each submission starts its journey and its antivirus scan, which run while the next ones come in. One
/// substitution: every file is safe at once (<see cref="SafeScanner"/>; clamd would add its own CPU).
/// </summary>
internal sealed class RealJourneyHost(AmiLocalHost host) : IBenchHost
{
    public Uri BaseAddress => host.BaseUrl;

    public IServiceProvider Services => host.App.Services;

    public string StaffKey => InProcessLocalHost.TestStaffKey;

    /// <summary>Validation requests mailed so far: one per dossier whose journey reached its first wait.</summary>
    public int ValidationRequestsMailed => host.Mails.Mails.Count(m => m.Categories.Contains("validation-request"));

    public static async Task<RealJourneyHost> StartAsync(string storage)
    {
        var host = await InProcessLocalHost.StartAsync(
            storage,
            new LocalHostHooks { ConfigureServices = services => services.AddSingleton<IAttachmentScanner, SafeScanner>() },
            new Dictionary<string, string>
            {
                ["LocalHost:StartClamd"] = "false",
                ["Ami:Scanning:Engine"] = "None", // replaced by SafeScanner
                ["Logging:LogLevel:Default"] = "Warning",
            });
        return new RealJourneyHost(host);
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();
}

/// <summary>Every file safe at once, without reading it (as in bench/Ami.Bench.WholeCall).</summary>
internal sealed class SafeScanner : IAttachmentScanner
{
    public Task<ScanVerdict> ScanAsync(AttachmentInfo attachment, CancellationToken cancellationToken) => Task.FromResult(new ScanVerdict(ScanState.Safe));
}
