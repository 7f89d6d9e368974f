using System.Globalization;
using Ami.LocalHost.Dev;
using Ami.Workflow.Configuration;
using Ami.Workflow.Scanning;
using Microsoft.Extensions.Configuration;

namespace Ami.LocalHost;

/// <summary>The local host's antivirus: clamd started here with the project's signatures, or none (files stay pending).</summary>
public sealed partial class AmiLocalHost
{
    private const string EngineSetting = ScanningOptions.Section + ":" + nameof(ScanningOptions.Engine);

    /// <summary>The clamd started by this host; null when the engine was configured or clamd is absent.</summary>
    public ClamdProcess? Clamd { get; private init; }

    /// <summary>The banner's line about the antivirus.</summary>
    private string Antivirus => (App.Configuration[EngineSetting], Clamd) switch
    {
        (_, { } clamd) => $"  Antivirus     clamd sur {clamd.Host}:{clamd.Port}, signatures du projet (Dev/ClamAv/{ClamdProcess.SignatureFile})",
        (var engine, null) when string.Equals(engine, nameof(ScanEngine.None), StringComparison.OrdinalIgnoreCase) =>
            "  Antivirus     AUCUN (clamd introuvable : lancez scripts/ensure-clamav.sh) : les pièces restent « analyse antivirus en cours » et le jury n'est pas invité",
        (var engine, null) => $"  Antivirus     {engine} (configuré)",
    };

    /// <summary>
    /// Unless <c>Ami:Scanning:Engine</c> is configured: starts clamd and points the scanner at it, or, when clamd is
    /// missing or does not start, sets the engine to None and says so (files are never silently "safe").
    /// </summary>
    private static async Task<ClamdProcess?> StartAntivirusAsync(IConfiguration configuration, LocalHostOptions settings, Dictionary<string, string?> defaults, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(configuration[EngineSetting]))
        {
            return null;
        }

        if (settings.StartClamd && ClamdProcess.FindExecutable() is not null)
        {
            try
            {
                var clamd = await ClamdProcess.StartAsync(cancellationToken: cancellationToken);
                defaults[EngineSetting] = nameof(ScanEngine.ClamAv);
                defaults[ScanningOptions.Section + ":" + nameof(ScanningOptions.ClamAvHost)] = clamd.Host;
                defaults[ScanningOptions.Section + ":" + nameof(ScanningOptions.ClamAvPort)] = clamd.Port.ToString(CultureInfo.InvariantCulture);
                return clamd;
            }
            catch (InvalidOperationException e)
            {
                await Console.Error.WriteLineAsync("Antivirus : " + e.Message);
            }
        }

        await Console.Error.WriteLineAsync("Antivirus : clamd n'est pas disponible ; les pièces jointes resteront « analyse antivirus en cours » (jamais « saines » sans analyse).");
        defaults[EngineSetting] = nameof(ScanEngine.None);
        return null;
    }
}
