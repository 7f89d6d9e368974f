using System.Reflection;
using System.Text.RegularExpressions;
using Ami.Workflow.Activities;

namespace Ami.Functions.Tests;

/// <summary>
/// Each activity is declared once (<see cref="JourneyActivities.All"/>: name, class, input, output); the Functions host
/// still needs one <c>[Function]</c> method per activity for its indexer. These stay one-liners, and this test keeps them
/// equal to the declarations: the same names, the same input and output types, each running its own declaration.
/// It reads Ami.Functions' sources, as the route-parity test does (this project does not load the Functions assembly).
/// </summary>
public sealed class ActivityBindingTests
{
    private static readonly Regex Binding = new(
        @"\[Function\(ActivityNames\.(?<name>\w+)\)\]\s*public Task<(?<output>[\w.]+)\??> \w+\(\[ActivityTrigger\] (?<input>[\w.]+) \w+, CancellationToken \w+\) =>\s*JourneyActivities\.(?<declaration>\w+)\.RunAsync\(",
        RegexOptions.CultureInvariant);

    private static readonly Dictionary<string, string> Keywords = new(StringComparer.Ordinal)
    {
        ["bool"] = nameof(Boolean),
        ["int"] = nameof(Int32),
        ["string"] = nameof(String),
    };

    private sealed record BindingSource(string Name, string Input, string Output, string Declaration);

    private static (IReadOnlyList<BindingSource> Bindings, int Triggers) ReadBindings()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AmiFunctions.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        var names = typeof(ActivityNames).GetFields(BindingFlags.Public | BindingFlags.Static).ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!, StringComparer.Ordinal);
        var bindings = new List<BindingSource>();
        var triggers = 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(dir.FullName, "src", "Ami.Functions"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            triggers += Regex.Matches(text, @"\[ActivityTrigger\]").Count;
            bindings.AddRange(Binding.Matches(text).Select(m => new BindingSource(
                names[m.Groups["name"].Value], m.Groups["input"].Value, m.Groups["output"].Value, m.Groups["declaration"].Value)));
        }

        return (bindings, triggers);
    }

    private static string TypeName(string written) => Keywords.TryGetValue(written, out var name) ? name : written.Split('.')[^1];

    [Fact]
    public void ActivityBindings_OneLinerForEachDeclarationAndNoOther()
    {
        var (bindings, triggers) = ReadBindings();

        Assert.Equal(triggers, bindings.Count);
        Assert.Equal(
            JourneyActivities.All.Select(a => a.Name).Order(StringComparer.Ordinal),
            bindings.Select(b => b.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ActivityBindings_RunTheirOwnDeclarationWithItsTypes()
    {
        var declared = JourneyActivities.All.ToDictionary(a => a.Name, StringComparer.Ordinal);
        var properties = typeof(JourneyActivities).GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Where(p => p.PropertyType.IsAssignableTo(typeof(ActivityDeclaration)))
            .ToDictionary(p => p.Name, p => (ActivityDeclaration)p.GetValue(null)!, StringComparer.Ordinal);

        Assert.All(ReadBindings().Bindings, b =>
        {
            var activity = declared[b.Name];
            Assert.Same(activity, properties[b.Declaration]);
            Assert.Equal(activity.Input.Name, TypeName(b.Input));
            Assert.Equal(activity.Output.Name, TypeName(b.Output));
        });
    }

    [Fact]
    public void ActivityNames_Unchanged()
    {
        // The names are in running orchestration histories: a rename strands every instance waiting on it.
        string[] names = ["LoadJourneyPlan", "RecordTransition", "SendMail", "SendActionLinks", "CancelPendingActions", "AggregateJury",
            "RecordCpDecision", "RecordStart", "ReleaseInstalment", "ReadDossierStatus", "ScanAttachments",
            "LoadCalendarPlan", "ReadCampaignJuryState", "SendCalendarMail"];

        Assert.Equal(names.Order(StringComparer.Ordinal), JourneyActivities.All.Select(a => a.Name).Order(StringComparer.Ordinal));
    }
}
