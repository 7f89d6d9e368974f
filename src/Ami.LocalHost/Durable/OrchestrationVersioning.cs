using System.Text.Json;
using DurableTask.Core.Settings;

namespace Ami.LocalHost.Durable;

/// <summary>
/// The orchestration versioning of the Functions host, which the local host applies the same way: the values of
/// <c>extensions.durableTask</c> in <c>src/Ami.Functions/host.json</c> (embedded in this assembly, so there is one copy),
/// overridden by the settings <c>AzureFunctionsJobHost__extensions__durableTask__defaultVersion</c>,
/// <c>…__versionMatchStrategy</c>, <c>…__versionFailureStrategy</c> as Azure's app settings override host.json.
/// </summary>
/// <remarks>
/// <para>In Azure the check is the Functions host's (DurableTask.Core's dispatcher, before the isolated worker sees the
/// work item); locally it is the engine's (<see cref="StopOnceOrchestrationService"/>), for the same reason: the SDK
/// worker's own <c>UseVersioning</c> with <c>Reject</c> answers "abandon" over gRPC, and the local sidecar ignores that
/// call, so the work item would stay held by the engine until the process stops instead of going back to its queue
/// (measured: the instance was not delivered again, and stopping the host took 71 s instead of 1 s).</para>
/// <para><see cref="DefaultVersion"/> is also what the client gives an instance started without a version (the
/// campaign calendar, the antivirus scan, the test probes), as the Functions host does.</para>
/// </remarks>
public sealed record OrchestrationVersioning(
    string DefaultVersion,
    VersioningSettings.VersionMatchStrategy MatchStrategy,
    VersioningSettings.VersionFailureStrategy FailureStrategy)
{
    /// <summary>Name of the embedded copy of the Functions host.json.</summary>
    public const string HostJsonResource = "functions/host.json";

    /// <summary>Configuration section that overrides host.json's <c>extensions:durableTask</c>, as in Azure.</summary>
    public const string OverrideSection = "AzureFunctionsJobHost:extensions:durableTask";

    /// <summary>No versioning: every instance runs (a host.json without <c>defaultVersion</c>).</summary>
    public static OrchestrationVersioning None { get; } = new("", VersioningSettings.VersionMatchStrategy.None, VersioningSettings.VersionFailureStrategy.Reject);

    /// <summary>The Functions host.json, as built into this assembly.</summary>
    public static string EmbeddedHostJson()
    {
        using var stream = typeof(OrchestrationVersioning).Assembly.GetManifestResourceStream(HostJsonResource)
            ?? throw new InvalidOperationException($"Ressource {HostJsonResource} absente de Ami.LocalHost.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The versioning in force: host.json's, overridden by <see cref="OverrideSection"/> when set.</summary>
    public static OrchestrationVersioning Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var fromFile = FromHostJson(EmbeddedHostJson());
        var section = configuration.GetSection(OverrideSection);
        return From(
            section["defaultVersion"] is { Length: > 0 } version ? version : fromFile.DefaultVersion,
            section["versionMatchStrategy"] is { Length: > 0 } match ? match : fromFile.MatchStrategy.ToString(),
            section["versionFailureStrategy"] is { Length: > 0 } failure ? failure : fromFile.FailureStrategy.ToString());
    }

    /// <summary>Reads <c>extensions.durableTask</c> of a host.json (the Functions host's defaults for a missing strategy).</summary>
    public static OrchestrationVersioning FromHostJson(string hostJson)
    {
        using var document = JsonDocument.Parse(hostJson, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        string? Read(string name) =>
            document.RootElement.TryGetProperty("extensions", out var extensions)
            && extensions.TryGetProperty("durableTask", out var durableTask)
            && durableTask.TryGetProperty(name, out var value)
                ? value.GetString()
                : null;

        return From(Read("defaultVersion"), Read("versionMatchStrategy"), Read("versionFailureStrategy"));
    }

    private static OrchestrationVersioning From(string? defaultVersion, string? matchStrategy, string? failureStrategy)
    {
        if (string.IsNullOrWhiteSpace(defaultVersion))
        {
            return None;
        }

        // The Functions host's defaults (DurableTaskOptions): CurrentOrOlder, Reject.
        var match = Parse(matchStrategy, VersioningSettings.VersionMatchStrategy.CurrentOrOlder, "versionMatchStrategy");
        var failure = Parse(failureStrategy, VersioningSettings.VersionFailureStrategy.Reject, "versionFailureStrategy");
        if (match != VersioningSettings.VersionMatchStrategy.None && failure != VersioningSettings.VersionFailureStrategy.Reject)
        {
            throw new InvalidOperationException(
                $"durableTask.versionFailureStrategy « {failure} » : l'hôte local n'applique que Reject (docs/versioning.md).");
        }

        return new OrchestrationVersioning(defaultVersion.Trim(), match, failure);
    }

    private static TEnum Parse<TEnum>(string? value, TEnum fallback, string name)
        where TEnum : struct, Enum =>
        string.IsNullOrWhiteSpace(value) ? fallback
        : Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed
        : throw new InvalidOperationException($"durableTask.{name} « {value} » invalide : {string.Join(", ", Enum.GetNames<TEnum>())}.");

    /// <summary>
    /// Whether an instance of <paramref name="version"/> may run here, as DurableTask.Core decides in the Functions host:
    /// <c>Strict</c> the same version only, <c>CurrentOrOlder</c> this version or older (an instance without a version
    /// is older than any), <c>None</c> any.
    /// </summary>
    public bool Accepts(string? version) => MatchStrategy switch
    {
        VersioningSettings.VersionMatchStrategy.Strict => string.Equals(version ?? "", DefaultVersion, StringComparison.Ordinal),
        VersioningSettings.VersionMatchStrategy.CurrentOrOlder => VersioningSettings.CompareVersions(version, DefaultVersion) <= 0,
        _ => true,
    };
}
