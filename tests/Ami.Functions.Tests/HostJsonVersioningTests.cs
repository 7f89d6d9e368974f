using Ami.LocalHost.Durable;
using Ami.Workflow.Orchestrations;
using DurableTask.Core.Settings;
using Microsoft.Extensions.Configuration;

namespace Ami.Functions.Tests;

/// <summary>
/// host.json's orchestration versioning (docs/versioning.md, "What is configured") is the code's: new instances get the
/// journey's current version, a deployment runs its version and older ones, and an instance newer than the deployed code
/// waits instead of failing. The local host applies the same values, read from the same file.
/// </summary>
public sealed class HostJsonVersioningTests
{
    private static readonly OrchestrationVersioning HostJson =
        OrchestrationVersioning.FromHostJson(File.ReadAllText(Path.Combine(RepoRoot(), "src", "Ami.Functions", "host.json")));

    [Fact]
    public void DefaultVersion_IsTheJourneysCurrentVersion_AndASupportedOne()
    {
        Assert.Equal(JourneyVersions.Current, HostJson.DefaultVersion);
        Assert.Contains(HostJson.DefaultVersion, JourneyVersions.Supported);
    }

    [Fact]
    public void Strategies_AreTheDocumentedOnes()
    {
        Assert.Equal(VersioningSettings.VersionMatchStrategy.CurrentOrOlder, HostJson.MatchStrategy);
        Assert.Equal(VersioningSettings.VersionFailureStrategy.Reject, HostJson.FailureStrategy);
    }

    [Fact]
    public void EveryVersionTheIntakeMayStart_RunsOnTheDeployedCode()
    {
        // Ami:Journey:StartVersion takes any supported version: a journey started in one that host.json's versioning
        // does not accept would wait for ever.
        Assert.All(JourneyVersions.Supported, v => Assert.True(HostJson.Accepts(v), $"{v} is not run by a deployment of {HostJson.DefaultVersion}"));

        // An instance without a version (started before versioning, or by a client that set none) is older than any.
        Assert.True(HostJson.Accepts(null));
        Assert.True(HostJson.Accepts(""));
        Assert.False(HostJson.Accepts(NextMinor(JourneyVersions.Current)));
    }

    [Fact]
    public void LocalHost_AppliesHostJsonsVersioning()
    {
        var configuration = new ConfigurationBuilder().Build();

        Assert.Equal(HostJson, OrchestrationVersioning.Load(configuration));
    }

    [Fact]
    public void LocalHost_LikeAzure_TakesAnAppSettingOverHostJson()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureFunctionsJobHost:extensions:durableTask:defaultVersion"] = "9.1" })
            .Build();

        Assert.Equal(HostJson with { DefaultVersion = "9.1" }, OrchestrationVersioning.Load(configuration));
    }

    [Theory]
    [InlineData("""{ "extensions": { "durableTask": { "defaultVersion": "2.0", "versionMatchStrategy": "Strict" } } }""", "2.0", "2.0", "1.9")]
    [InlineData("""{ "extensions": { "durableTask": { "defaultVersion": "2.0" } } }""", "2.0", "1.10", "2.0.1")]
    public void Accepts_ComparesAsTheFunctionsHostDoes(string hostJson, string deployed, string accepted, string rejected)
    {
        var versioning = OrchestrationVersioning.FromHostJson(hostJson);

        Assert.Equal(deployed, versioning.DefaultVersion);
        Assert.True(versioning.Accepts(accepted));
        Assert.False(versioning.Accepts(rejected));
    }

    [Fact]
    public void FailStrategy_IsRefusedByTheLocalHost()
    {
        var error = Assert.Throws<InvalidOperationException>(() => OrchestrationVersioning.FromHostJson(
            """{ "extensions": { "durableTask": { "defaultVersion": "1.3", "versionFailureStrategy": "Fail" } } }"""));
        Assert.Contains("Reject", error.Message, StringComparison.Ordinal);
    }

    private static string NextMinor(string version)
    {
        var v = Version.Parse(version);
        return new Version(v.Major, v.Minor + 1).ToString();
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AmiFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AmiFunctions.sln not found above " + AppContext.BaseDirectory);
    }
}
