namespace Ami.LocalHost;

/// <summary>Settings of the local host only (section <c>LocalHost</c>, env <c>LocalHost__X</c>).</summary>
public sealed class LocalHostOptions
{
    public const string Section = "LocalHost";

    /// <summary>Name of the setting holding the durable task hub's name (the same as Azure's host.json <c>%TASKHUB_NAME%</c>).</summary>
    public const string TaskHubSetting = "TASKHUB_NAME";

    public const string DefaultTaskHub = "amilocal";

    /// <summary>Default address when <c>--urls</c> is not given.</summary>
    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <summary>Folder of the Azurite data started when <c>AzureWebJobsStorage</c> is empty; default <c>&lt;repo&gt;/.azurite</c>.</summary>
    public string? AzuriteLocation { get; set; }

    /// <summary>Start Azurite on its standard ports 10000-10002 (free ports when they are taken).</summary>
    public bool AzuriteStandardPorts { get; set; } = true;

    /// <summary>
    /// Start clamd (ClamAV) with the project's signatures when <c>Ami:Scanning:Engine</c> is not configured. Without
    /// clamd the files stay "pending" (engine None) and the banner says so.
    /// </summary>
    public bool StartClamd { get; set; } = true;

    /// <summary>TEST ONLY: registers the probe orchestration and <c>/dev/probes</c> routes (<see cref="Dev.TestProbes"/>).</summary>
    public bool EnableTestProbes { get; set; }
}
