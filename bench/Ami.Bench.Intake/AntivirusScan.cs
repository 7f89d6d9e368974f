using System.Diagnostics;
using System.Globalization;
using Ami.LocalHost.Dev;
using Ami.Workflow.Configuration;
using Ami.Workflow.Ports;
using Ami.Workflow.Scanning;
using Ami.Workflow.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ami.Bench.Intake;

/// <summary>
/// The memory growth of this process while the large attachment is scanned by a real clamd: the blob is read from
/// storage and sent to clamd in 64 KB chunks (ClamAvScanner), so the growth must not follow the file's size.
/// </summary>
internal static class AntivirusScan
{
    public static async Task MeasureAsync(IServiceProvider services, string dossierId, int megabytes)
    {
        var culture = CultureInfo.InvariantCulture;
        if (ClamdProcess.FindExecutable() is null)
        {
            Console.WriteLine("ANTIVIRUS: clamd is not installed (scripts/ensure-clamav.sh): scan not measured");
            return;
        }

        await using var clamd = await ClamdProcess.StartAsync();
        var record = await services.GetRequiredService<IDossierStore>().GetAsync(dossierId, CancellationToken.None)
            ?? throw new InvalidOperationException("The large dossier is missing.");
        var attachment = record.Attachments.Single(a => a.Kind == "annual-accounts");
        var scanner = new ClamAvScanner(
            services.GetRequiredService<AmiStorage>(),
            Options.Create(new ScanningOptions { Engine = ScanEngine.ClamAv, ClamAvHost = clamd.Host, ClamAvPort = clamd.Port }),
            NullLogger<ClamAvScanner>.Instance);

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var sampler = new MemorySampler();
        var watch = Stopwatch.StartNew();
        var verdict = await scanner.ScanAsync(attachment, CancellationToken.None);
        var elapsed = watch.Elapsed;
        sampler.Stop();
        Console.WriteLine(string.Create(culture, $"ANTIVIRUS: {megabytes} MB scanned by clamd in {elapsed.TotalSeconds:F1} s ({megabytes / elapsed.TotalSeconds:F1} MB/s): {verdict.State}; " +
            $"memory growth of this process: working set +{sampler.WorkingSetGrowth / 1048576d:F1} MB (peak {sampler.PeakWorkingSet / 1048576d:F1} MB), managed heap +{sampler.HeapGrowth / 1048576d:F1} MB"));
    }
}
