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

    /// <summary>The Durable Task engine's settings (section <c>LocalHost:Engine</c>).</summary>
    public EngineOptions Engine { get; set; } = new();

    /// <summary>TEST ONLY: registers the probe orchestration and <c>/dev/probes</c> routes (<see cref="Dev.TestProbes"/>).</summary>
    public bool EnableTestProbes { get; set; }
}

/// <summary>
/// The local engine's settings (Azure Storage provider); the defaults are what <c>./run.sh</c> uses. Measured with
/// bench/Ami.Bench.WholeCall (bench/README.md): each lever's storage requests per dossier.
/// </summary>
public sealed class EngineOptions
{
    /// <summary>
    /// Control queues (partitions) of a task hub created by this host; 1 to 16. An existing task hub keeps the count it
    /// was created with (the provider reads it from the hub's <c>taskhub.json</c>). One process serves every
    /// partition locally, so more partitions only add queues to poll: 1 by default (measured: 11 storage requests
    /// fewer per dossier from the POST to the validation request, 4 fewer per idle second, than 4 partitions).
    /// </summary>
    public int PartitionCount { get; set; } = 1;

    /// <summary>Longest wait between two polls of an idle queue, in seconds (0.1 to 30).</summary>
    public double MaxQueuePollingSeconds { get; set; } = 2;

    /// <summary>
    /// The provider's extended sessions. The local host's gRPC sidecar dispatches work items itself and never
    /// asks a session for its next messages, so this changes nothing but is kept to measure it (bench/README.md).
    /// </summary>
    public bool ExtendedSessions { get; set; }

    /// <summary>Throws when a value is out of range (checked at start).</summary>
    public void Validate()
    {
        if (PartitionCount is < 1 or > 16)
        {
            throw new InvalidOperationException($"LocalHost:Engine:PartitionCount « {PartitionCount} » invalide : de 1 à 16.");
        }

        if (MaxQueuePollingSeconds is < 0.1 or > 30 || double.IsNaN(MaxQueuePollingSeconds))
        {
            throw new InvalidOperationException($"LocalHost:Engine:MaxQueuePollingSeconds « {MaxQueuePollingSeconds} » invalide : de 0,1 à 30.");
        }
    }
}
