using System.Reflection;
using System.Text.Json;
using Ami.LocalHost;
using Ami.LocalHost.Timers;
using Ami.Workflow;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;

namespace Ami.Functions.Tests;

/// <summary>
/// The two hosts stay identical: Ami.Functions' generated <c>functions.metadata</c> (what Azure will serve)
/// against the local host's endpoints, task registry and timer table.
/// </summary>
public sealed class RouteParityTests
{
    private static readonly Lazy<IReadOnlyList<FunctionInfo>> Functions = new(ReadFunctionsMetadata);
    private static readonly Lazy<IReadOnlyList<LocalRoute>> LocalRoutes = new(ReadLocalRoutes);
    private static readonly Lazy<string> RoutePrefix = new(ReadRoutePrefix);

    [Fact]
    public void RouteParity_EveryHttpFunction_HasLocalRouteWithSameMethodsAndRoute()
    {
        var missing = FunctionRoutes().Select(r => r.Key).Except(LocalRoutes.Value.Select(r => r.Key)).ToList();

        Assert.True(missing.Count == 0, "Routes of Ami.Functions missing from ApiRoutes.MapAmiApi: " + string.Join(", ", missing));
    }

    [Fact]
    public void RouteParity_EveryLocalApiRoute_HasHttpFunctionWithSameMethodsAndRoute()
    {
        var extra = LocalRoutes.Value.Select(r => r.Key).Except(FunctionRoutes().Select(r => r.Key)).ToList();

        Assert.True(extra.Count == 0, "Routes of ApiRoutes.MapAmiApi without an HTTP function in Ami.Functions: " + string.Join(", ", extra));
    }

    [Fact]
    public void RouteParity_StaffRoutes_AreMarkedInAzureAndStaffKeyLocally()
    {
        var local = LocalRoutes.Value.ToDictionary(r => r.Key, r => r.Staff);
        var mismatches = FunctionRoutes()
            .Where(f => local.TryGetValue(f.Key, out var staff) && staff != f.Staff)
            .Select(f => $"{f.Key}: Functions {(f.Staff ? "[StaffRoute]" : "not staff")}, local host {(local[f.Key] ? "RequireStaffKey()" : "anonymous")}")
            .ToList();

        Assert.True(mismatches.Count == 0, string.Join("; ", mismatches));
    }

    [Fact]
    public void RouteParity_Health_IsAnonymousGetInBothHosts()
    {
        var function = Assert.Single(FunctionRoutes(), r => r.Key == "GET api/health");
        var local = Assert.Single(LocalRoutes.Value, r => r.Key == "GET api/health");

        Assert.False(function.Staff);
        Assert.False(local.Staff);
    }

    [Fact]
    public void TaskParity_OrchestratorsAndActivities_SameInFunctionsAndWorkflowTasks()
    {
        var (orchestrators, activities) = RegisteredTaskNames();

        Assert.Equal(orchestrators.Order(), FunctionsOfType("orchestrationTrigger").Select(f => f.Name).Order());
        Assert.Equal(activities.Order(), FunctionsOfType("activityTrigger").Select(f => f.Name).Order());
    }

    [Fact]
    public void TimerParity_TimerFunctions_SameNameAndScheduleAsLocalTimers()
    {
        var local = new LocalTimerTable().MapAmiTimers().Timers.Select(t => $"{t.Name} {t.Schedule}").Order();
        var azure = FunctionsOfType("timerTrigger").Select(f => $"{f.Name} {f.Trigger.GetProperty("schedule").GetString()}").Order();

        Assert.Equal(azure, local);
    }

    private sealed record FunctionInfo(string Name, JsonElement Trigger);

    /// <summary>
    /// The names of the functions marked <c>[StaffRoute]</c>, read from Ami.Functions' sources (this project reads the
    /// built functions' metadata, not their assembly): <c>[Function("Name"), StaffRoute]</c>.
    /// </summary>
    private static readonly Lazy<HashSet<string>> StaffFunctions = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AmiFunctions.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        var marked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(dir.FullName, "src", "Ami.Functions"), "*.cs", SearchOption.AllDirectories))
        {
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(file), @"\[Function\(""([^""]+)""\),\s*StaffRoute\]"))
            {
                marked.Add(m.Groups[1].Value);
            }
        }

        return marked;
    });

    private sealed record LocalRoute(string Key, bool Staff);

    private static IEnumerable<FunctionInfo> FunctionsOfType(string triggerType) =>
        Functions.Value.Where(f => f.Trigger.GetProperty("type").GetString() == triggerType);

    [Fact]
    public void RouteParity_Pages_AreServedAtReadableFrenchPathsOutsideApi()
    {
        var keys = FunctionRoutes().Select(r => r.Key).ToList();

        Assert.Contains("GET mon-dossier/{token}", keys);
        Assert.Contains("POST mon-dossier/{token}/demarrage", keys);
        Assert.Contains("POST mon-dossier/{token}/retrait", keys);
        Assert.Contains("POST mon-dossier/{token}/bilan", keys);
        Assert.Contains("GET lien-perdu", keys);
        Assert.Contains("GET deposer/{campaignId}", keys);
        Assert.Contains("POST deposer/{campaignId}", keys);
        Assert.Contains("POST lien-perdu", keys);
        Assert.Contains("GET ressources/{name}", keys);
        Assert.All(FunctionRoutes().Where(r => !r.Key.Contains(" api/", StringComparison.Ordinal)), r => Assert.False(r.Staff, r.Key));
    }

    /// <summary>
    /// "GET api/health"-style keys of the HTTP functions: one per method, under host.json's <c>routePrefix</c>
    /// (empty: the API functions' routes start with <c>api/</c>, the pages' with their French path).
    /// </summary>
    private static List<LocalRoute> FunctionRoutes() =>
        [.. FunctionsOfType("httpTrigger").SelectMany(f =>
        {
            var route = RoutePrefix.Value + (f.Trigger.TryGetProperty("route", out var r) && r.GetString() is { Length: > 0 } s ? s : f.Name).TrimStart('/');
            // Every HTTP function is anonymous for the Functions host (no function key: the worker cannot check one); a staff
            // route is marked [StaffRoute] and lets in the staff key or a signed-in staff member itself.
            Assert.True(string.Equals(f.Trigger.GetProperty("authLevel").GetString(), "Anonymous", StringComparison.OrdinalIgnoreCase), $"{f.Name}: authLevel is not Anonymous");
            var staff = StaffFunctions.Value.Contains(f.Name);
            return f.Trigger.GetProperty("methods").EnumerateArray().Select(m => new LocalRoute($"{m.GetString()!.ToUpperInvariant()} {route}", staff));
        })];

    private static List<FunctionInfo> ReadFunctionsMetadata()
    {
        var dir = typeof(RouteParityTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FunctionsOutputDir").Value!;
        var path = Path.Combine(dir, "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: building this test project builds Ami.Functions, whose SDK writes it.");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return [.. doc.RootElement.EnumerateArray().Select(f => new FunctionInfo(
            f.GetProperty("name").GetString()!,
            f.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal)).Clone()))];
    }

    /// <summary>host.json's <c>extensions.http.routePrefix</c> with its slash (<c>api/</c> when absent, as the host does).</summary>
    private static string ReadRoutePrefix()
    {
        var dir = typeof(RouteParityTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "FunctionsOutputDir").Value!;
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "host.json")));
        var prefix = doc.RootElement.TryGetProperty("extensions", out var e) && e.TryGetProperty("http", out var h) && h.TryGetProperty("routePrefix", out var p)
            ? p.GetString() ?? "api"
            : "api";
        return prefix.Length == 0 ? "" : prefix.Trim('/') + "/";
    }

    /// <summary>The local host's /api and page endpoints, from its real composition (built, not started).</summary>
    private static List<LocalRoute> ReadLocalRoutes()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Ami:StaffKey"] = "route-parity",
            ["Ami:LinkKeys:Current"] = Convert.ToBase64String(new byte[32]),
            ["SendGrid:ApiKey"] = "route-parity",
        });
        using var engine = GrpcChannel.ForAddress("http://127.0.0.1:9"); // never called: the app is not started
        var settings = new LocalHostOptions();
        AmiLocalHost.ConfigureServices(builder.Services, builder.Configuration, settings, engine);
        var app = builder.Build();
        AmiLocalHost.MapEndpoints(app, settings);
        return [.. ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(d => d.Endpoints)
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith(ApiRoutes.Prefix + "/", StringComparison.Ordinal) == true || e.Metadata.GetMetadata<PageEndpointMetadata>() is not null)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m =>
                new LocalRoute($"{m} {e.RoutePattern.RawText!.TrimStart('/')}", e.Metadata.GetMetadata<StaffOnlyMetadata>() is not null)))];
    }

    /// <summary>Names registered by <see cref="WorkflowTasks.AddAmiTasks"/> (the registry keeps them internal).</summary>
    private static (IReadOnlyList<string> Orchestrators, IReadOnlyList<string> Activities) RegisteredTaskNames()
    {
        var registry = new DurableTaskRegistry().AddAmiTasks();
        static IReadOnlyList<string> Names(DurableTaskRegistry registry, string property)
        {
            var value = typeof(DurableTaskRegistry).GetProperty(property, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)?.GetValue(registry) as System.Collections.IEnumerable
                ?? throw new InvalidOperationException($"DurableTaskRegistry.{property} not found: the Durable Task SDK changed, update this test.");
            return [.. value.Cast<object>().Select(kv => ((TaskName)kv.GetType().GetProperty("Key")!.GetValue(kv)!).Name)];
        }

        return (Names(registry, "Orchestrators"), Names(registry, "Activities"));
    }
}
