using Ami.Workflow.Configuration;
using Ami.Workflow.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Ami.Workflow.Scanning;

/// <summary>The antivirus adapter chosen by <see cref="ScanningOptions.Engine"/>.</summary>
public static class ScanningServiceCollectionExtensions
{
    public static IServiceCollection AddAmiScanning(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ScanningOptions>()
            .Bind(configuration.GetSection(ScanningOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<IAttachmentScanner>(sp => sp.GetRequiredService<IOptions<ScanningOptions>>().Value.Engine switch
        {
            ScanEngine.ClamAv => ActivatorUtilities.CreateInstance<ClamAvScanner>(sp),
            ScanEngine.Defender => ActivatorUtilities.CreateInstance<DefenderTagScanner>(sp),
            _ => new NoScanner(),
        });
        return services;
    }
}
