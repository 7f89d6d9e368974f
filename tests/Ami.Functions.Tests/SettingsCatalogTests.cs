using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ami.Workflow.Configuration;
using Microsoft.Extensions.Configuration;

namespace Ami.Functions.Tests;

/// <summary>
/// One list of settings, four places: the code (the options classes of Ami.Workflow.Configuration plus the
/// settings the Functions host reads), <c>local.settings.sample.json</c>, the app settings of the Bicep
/// template, and the configuration table of the docs. A setting added to the code and forgotten in the
/// infra (or the reverse) fails here, with the list of what is missing where.
/// Storage is the one deliberate difference: locally a connection string (<c>AzureWebJobsStorage</c>), in
/// Azure an identity-based connection (<c>AzureWebJobsStorage__accountName</c>, <c>__credential</c>,
/// <c>__clientId</c>).
/// </summary>
public sealed partial class SettingsCatalogTests
{
    [Flags]
    private enum Where
    {
        Local = 1,
        Azure = 2,
        Both = Local | Azure,
    }

    /// <summary>Settings read by the Functions host or bindings, not bound to an options class.</summary>
    private static readonly Dictionary<string, Where> HostSettings = new(StringComparer.Ordinal)
    {
        ["TASKHUB_NAME"] = Where.Both,                          // host.json hubName: %TASKHUB_NAME%
        ["DIGEST_SCHEDULE"] = Where.Both,                       // staff digest timer: %DIGEST_SCHEDULE%
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = Where.Both,
        ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = Where.Azure, // Entra ID auth of telemetry
        ["FUNCTIONS_WORKER_RUNTIME"] = Where.Local,            // Flex Consumption refuses it (functionAppConfig.runtime)
    };

    /// <summary>
    /// Lists of settings (indexed, <c>__0__Id</c>, <c>__1__Id</c>…), documented in the configuration table under their
    /// prefix and set only where needed: the local sign-in's accounts (never in Azure: the options refuse them behind
    /// the platform's authentication; not in the sample: the local host declares demo accounts itself).
    /// </summary>
    private static readonly Dictionary<string, string> IndexedSettings = new(StringComparer.Ordinal)
    {
        ["StaffAuthOptions.Accounts"] = "Ami__StaffAuth__Accounts",
    };

    /// <summary>App settings that hold secrets: in Azure they must be Key Vault references.</summary>
    private static readonly string[] SecretSettings =
        ["SendGrid__ApiKey", "Ami__LinkKeys__Current", "Ami__LinkKeys__Previous", "Ami__StaffKey"];

    /// <summary>Built-in roles the app's identity may hold, and no other.</summary>
    private static readonly string[] AllowedRoleIds =
    [
        "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", // Storage Blob Data Owner
        "974c5e8b-45b9-4653-ba55-5f855dd0fb88", // Storage Queue Data Contributor
        "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", // Storage Table Data Contributor
        "4633458b-17de-408a-b874-0445c86b69e6", // Key Vault Secrets User
        "3913510d-42f4-4e42-8a64-420c390055eb", // Monitoring Metrics Publisher
    ];

    private static readonly Lazy<Task<JsonDocument>> CompiledTemplate = new(CompileTemplateAsync);

    [Fact]
    public void Catalog_DerivedFromTheOptionsClasses_HasEveryKnownSetting()
    {
        var catalog = Catalog();

        // Guards the reflection itself: a few settings the code is known to read.
        Assert.Equal(Where.Both, catalog["Ami__PublicBaseUrl"]);
        Assert.Equal(Where.Both, catalog["Ami__LinkKeys__Current"]);
        Assert.Equal(Where.Both, catalog["SendGrid__ApiKey"]);
        Assert.Equal(Where.Local, catalog["AzureWebJobsStorage"]);
        Assert.Equal(Where.Azure, catalog["AzureWebJobsStorage__accountName"]);
        Assert.Equal(Where.Azure, catalog["AzureWebJobsStorage__clientId"]);
    }

    [Fact]
    public void LocalSettingsSample_NamesEverySettingReadLocally()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(RepoFile("local.settings.sample.json")));
        var root = sample.RootElement;
        Assert.False(root.GetProperty("IsEncrypted").GetBoolean());
        Assert.Equal(7071, root.GetProperty("Host").GetProperty("LocalHttpPort").GetInt32());

        var keys = root.GetProperty("Values").EnumerateObject().Select(p => p.Name);

        AssertSameSettings(Expected(Where.Local), keys, "local.settings.sample.json (Values)");
    }

    [Fact]
    public void LocalSettingsSample_PassesTheOptionsValidationOfTheApp()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(RepoFile("local.settings.sample.json")));
        var values = sample.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(p => p.Name.Replace("__", ":", StringComparison.Ordinal), p => (string?)p.Value.GetString());
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        var failures = new List<string>();
        foreach (var type in OptionsTypes())
        {
            if (SectionOf(type) is not { } section)
            {
                continue;
            }

            var options = Activator.CreateInstance(type)!;
            configuration.GetSection(section).Bind(options);
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
            {
                failures.AddRange(results.Select(r => $"{type.Name}: {r.ErrorMessage}"));
            }
        }

        Assert.True(failures.Count == 0, "local.settings.sample.json fails the app's start-up validation:\n" + string.Join('\n', failures));
    }

    [Fact]
    public async Task BicepAppSettings_NameEverySettingReadInAzure()
    {
        var template = await CompiledTemplate.Value;

        var names = AppSettings(template.RootElement).Select(s => s.Name).ToList();

        Assert.True(names.Count == names.Distinct(StringComparer.Ordinal).Count(), "an app setting is declared twice: " + string.Join(", ", names));
        AssertSameSettings(Expected(Where.Azure), names, "infra/bicep app settings");
    }

    [Fact]
    public async Task BicepAppSettings_SecretsAreKeyVaultReferences()
    {
        var template = await CompiledTemplate.Value;
        var settings = AppSettings(template.RootElement).ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal);

        foreach (var secret in SecretSettings)
        {
            Assert.True(settings.TryGetValue(secret, out var value), $"{secret} is not an app setting of the template");
            Assert.Contains("@Microsoft.KeyVault(SecretUri=", value, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task BicepTemplate_AssignsOnlyTheRolesTheAppNeeds()
    {
        var template = await CompiledTemplate.Value;
        var text = template.RootElement.GetRawText();

        // Role definitions are the only GUIDs a template of ours carries.
        var guids = GuidPattern().Matches(text).Select(m => m.Value.ToLowerInvariant()).ToHashSet();

        AssertSameSettings(AllowedRoleIds, guids, "role definitions assigned by infra/bicep");
        Assert.Contains("Microsoft.Authorization/roleAssignments", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigurationTable_DocumentsEverySetting()
    {
        var documents = new[] { "README.md" }
            .Select(RepoFileOrNull)
            .OfType<string>()
            .Select(path => (Path: path, Names: ConfigurationTableNames(File.ReadAllLines(path))))
            .Where(d => d.Names is not null)
            .ToList();

        Assert.True(documents.Count > 0, "no '## Configuration' table in README.md");
        foreach (var (path, names) in documents)
        {
            AssertSameSettings(Expected(Where.Both).Concat(IndexedSettings.Values), names!, $"configuration table of {Path.GetFileName(path)}");
        }
    }

    // ---- the catalog ----

    private static IEnumerable<string> Expected(Where where) =>
        Catalog().Where(kv => (kv.Value & where) != 0).Select(kv => kv.Key);

    /// <summary>Every setting the code reads, with where it applies.</summary>
    private static Dictionary<string, Where> Catalog()
    {
        var catalog = new Dictionary<string, Where>(HostSettings, StringComparer.Ordinal);
        foreach (var type in OptionsTypes())
        {
            if (SectionOf(type) is { } section)
            {
                foreach (var name in SettingNames(type, section.Replace(":", "__", StringComparison.Ordinal)))
                {
                    catalog.Add(name, Where.Both);
                }
            }
            else if (ConstantOf(type, "ConnectionName") is { } connection)
            {
                // A Functions-style connection: the connection string under the bare name locally, the
                // identity-based properties (camelCase, as the Functions docs spell them) in Azure.
                foreach (var property in SettableProperties(type))
                {
                    if (property.Name == "ConnectionString")
                    {
                        catalog.Add(connection, Where.Local);
                    }
                    else
                    {
                        catalog.Add($"{connection}__{char.ToLowerInvariant(property.Name[0])}{property.Name[1..]}", Where.Azure);
                    }
                }
            }
            else
            {
                Assert.Fail($"{type.FullName} has neither a Section nor a ConnectionName constant: tell this test how its settings are named.");
            }
        }

        return catalog;
    }

    private static IEnumerable<Type> OptionsTypes() =>
        typeof(AmiOptions).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true }
                && t.Namespace == typeof(AmiOptions).Namespace
                && t.Name.EndsWith("Options", StringComparison.Ordinal))
            .OrderBy(t => t.Name, StringComparer.Ordinal);

    private static string? SectionOf(Type type) => ConstantOf(type, "Section");

    private static string? ConstantOf(Type type, string name) =>
        type.GetField(name, BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field
            ? (string?)field.GetRawConstantValue()
            : null;

    private static IEnumerable<PropertyInfo> SettableProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true });

    private static IEnumerable<string> SettingNames(Type type, string prefix)
    {
        foreach (var property in SettableProperties(type))
        {
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var name = $"{prefix}__{property.Name}";
            if (propertyType == typeof(string) || propertyType.IsPrimitive || propertyType.IsEnum
                || propertyType == typeof(decimal) || propertyType == typeof(TimeSpan) || propertyType == typeof(Uri))
            {
                yield return name;
            }
            else if (propertyType.IsClass && !typeof(System.Collections.IEnumerable).IsAssignableFrom(propertyType))
            {
                foreach (var nested in SettingNames(propertyType, name))
                {
                    yield return nested;
                }
            }
            else if (!IndexedSettings.ContainsKey($"{type.Name}.{property.Name}"))
            {
                Assert.Fail($"{type.Name}.{property.Name} ({propertyType.Name}) is a collection: name its settings in this test.");
            }
        }
    }

    // ---- the places ----

    /// <summary>App settings of every function app in the compiled template (config 'appsettings' or siteConfig.appSettings).</summary>
    private static List<(string Name, string Value)> AppSettings(JsonElement element)
    {
        var settings = new List<(string, string)>();
        Walk(element);
        Assert.True(settings.Count > 0, "no app settings found in the compiled template");
        return settings;

        void Walk(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in e.EnumerateArray())
                {
                    Walk(item);
                }

                return;
            }

            if (e.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            var type = e.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (type == "Microsoft.Web/sites/config"
                && e.GetProperty("name").GetString()!.Contains("appsettings", StringComparison.OrdinalIgnoreCase))
            {
                settings.AddRange(e.GetProperty("properties").EnumerateObject().Select(p => (p.Name, p.Value.ToString())));
            }
            else if (type == "Microsoft.Web/sites"
                && e.TryGetProperty("properties", out var props)
                && props.TryGetProperty("siteConfig", out var siteConfig)
                && siteConfig.TryGetProperty("appSettings", out var list)
                && list.ValueKind == JsonValueKind.Array)
            {
                settings.AddRange(list.EnumerateArray().Select(s => (s.GetProperty("name").GetString()!, s.GetProperty("value").ToString())));
            }

            foreach (var property in e.EnumerateObject())
            {
                Walk(property.Value);
            }
        }
    }

    /// <summary>First-column names (in backticks) of the table under the "Configuration" heading; null when there is none.</summary>
    private static List<string>? ConfigurationTableNames(string[] lines)
    {
        var heading = Array.FindIndex(lines, l => ConfigurationHeading().IsMatch(l));
        if (heading < 0)
        {
            return null;
        }

        var names = new List<string>();
        var inTable = false;
        foreach (var line in lines.Skip(heading + 1))
        {
            if (line.StartsWith('#'))
            {
                break;
            }

            if (!line.TrimStart().StartsWith('|'))
            {
                if (inTable)
                {
                    break;
                }

                continue;
            }

            inTable = true;
            var first = line.Trim().Trim('|').Split('|')[0].Trim();
            var match = BacktickedName().Match(first);
            if (match.Success)
            {
                names.Add(match.Groups[1].Value);
            }
        }

        return names;
    }

    private static async Task<JsonDocument> CompileTemplateAsync()
    {
        var root = RepoRoot();
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in new[] { "tools/bicep/bicep.sh", "build", "infra/bicep/main.bicep", "--stdout" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        var json = await stdout;
        Assert.True(process.ExitCode == 0, $"bicep build failed ({process.ExitCode}):\n{await stderr}");
        return JsonDocument.Parse(json);
    }

    // ---- helpers ----

    private static void AssertSameSettings(IEnumerable<string> expected, IEnumerable<string> actual, string place)
    {
        var want = expected.ToHashSet(StringComparer.Ordinal);
        var have = actual.ToHashSet(StringComparer.Ordinal);
        var missing = want.Except(have).Order(StringComparer.Ordinal).ToList();
        var extra = have.Except(want).Order(StringComparer.Ordinal).ToList();
        var message = new StringBuilder();
        if (missing.Count > 0)
        {
            message.Append("missing in ").Append(place).Append(": ").AppendJoin(", ", missing).AppendLine();
        }

        if (extra.Count > 0)
        {
            message.Append("in ").Append(place).Append(" but not expected from the code: ").AppendJoin(", ", extra).AppendLine();
        }

        Assert.True(message.Length == 0, message.ToString());
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

    private static string RepoFile(string relative) =>
        RepoFileOrNull(relative) ?? throw new FileNotFoundException(relative + " not found at the repository root", relative);

    private static string? RepoFileOrNull(string relative)
    {
        var path = Path.Combine(RepoRoot(), relative);
        return File.Exists(path) ? path : null;
    }

    [GeneratedRegex(@"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")]
    private static partial Regex GuidPattern();

    [GeneratedRegex(@"^#{1,6}\s+Configuration\s*$")]
    private static partial Regex ConfigurationHeading();

    [GeneratedRegex(@"^`([^`]+)`")]
    private static partial Regex BacktickedName();
}
