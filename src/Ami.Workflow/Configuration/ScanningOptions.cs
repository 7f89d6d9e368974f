using System.ComponentModel.DataAnnotations;

namespace Ami.Workflow.Configuration;

/// <summary>Which antivirus answers for the uploaded files.</summary>
public enum ScanEngine
{
    /// <summary>Microsoft Defender for Storage scans each blob on upload; its result is read from the blob index tag (Azure).</summary>
    Defender,

    /// <summary>ClamAV's daemon over its socket (local host, tests).</summary>
    ClamAv,

    /// <summary>No antivirus: files stay "pending" (never silently "safe"), and the jury is not invited.</summary>
    None,
}

/// <summary>Antivirus settings (section <c>Ami:Scanning</c>), validated at start.</summary>
public sealed class ScanningOptions : IValidatableObject
{
    public const string Section = "Ami:Scanning";

    public ScanEngine Engine { get; set; } = ScanEngine.Defender;

    /// <summary>clamd's TCP address (engine <see cref="ScanEngine.ClamAv"/>).</summary>
    [Required]
    public string ClamAvHost { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int ClamAvPort { get; set; } = 3310;

    /// <summary>The wait after the first scan without an answer; doubled at each retry, up to <see cref="RetryMax"/>.</summary>
    public TimeSpan RetryFirst { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan RetryMax { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>After this long without an answer for a file, staff get one alert listing the stuck files.</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromHours(2);

    /// <summary>The longest a scan of one file may take before it counts as "no answer".</summary>
    public TimeSpan ScanTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RetryFirst <= TimeSpan.Zero || RetryMax < RetryFirst)
        {
            yield return new ValidationResult("Ami:Scanning: RetryFirst must be positive and RetryMax at least RetryFirst.", [nameof(RetryFirst), nameof(RetryMax)]);
        }

        if (StuckAfter <= TimeSpan.Zero || ScanTimeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Ami:Scanning: StuckAfter and ScanTimeout must be positive.", [nameof(StuckAfter), nameof(ScanTimeout)]);
        }
    }
}
