using System.Text.RegularExpressions;
using Ami.Pages;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Steps;

namespace Ami.Workflow.Tests.Steps;

/// <summary>
/// The timeline's events are declared once (<see cref="TimelineEvents"/>): their names are stored in the Timeline table
/// and read back, their labels are what the holder and staff read on their pages.
/// </summary>
public sealed class TimelineEventsTests
{
    private static readonly string Root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));

    [Fact]
    public void Names_StoredInTimelines_NeverChange()
    {
        Assert.Equal(
            [
                "submitted", "resubmitted", "changes-requested:deadline-passed", "scan:infected", "scan:failed", "scan:no-answer", "scan:stuck-alert",
                "audition:invited", "jury:held", "jury:opened", "jury:scored", "started", "bilan:due", "bilan:submitted", "withdrawn", "closed", "journey:failed",
                "validation:eligible", "validation:ineligible", "validation:changes-requested", "audition:held", "audition:no-show",
                "jury-opinion:favourable", "jury-opinion:unfavourable", "cp:granted", "cp:refused", "bilan-validation:accepted", "bilan-validation:changes-requested",
            ],
            TimelineEvents.All.Select(e => e.Name));
        Assert.Equal("instalment-2-released", TimelineEvents.Instalment(2).Name);
        Assert.Equal(TimelineEvents.All.Count, TimelineEvents.All.Select(e => e.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Declarations_EachEventHasAFrenchLabel_AndIsFoundByItsName()
    {
        Assert.All(TimelineEvents.All.Append(TimelineEvents.Instalment(1)), e =>
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Label), e.Name);
            Assert.NotEqual(e.Name, e.Label);
            Assert.DoesNotMatch("^[a-z0-9:-]+$", e.Label);
            Assert.Equal(e, TimelineEvents.Of(e.Name));
        });
        Assert.Equal(TimelineEvents.All.Count, TimelineEvents.All.Select(e => e.Label).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Decided_BuiltFromTheCatalog_SaysTheStepAndTheDecisionInFrench()
    {
        Assert.Equal("Instruction : éligible", TimelineEvents.Decided(JourneySteps.Validation, JourneyDecisions.Eligible).Label);
        Assert.Equal("Décision de la Commission permanente : aide accordée", TimelineEvents.Decided(JourneySteps.CpDecision, JourneyDecisions.Granted).Label);
        Assert.Equal("cp:refused", TimelineEvents.Decided(JourneySteps.CpDecision, JourneyDecisions.Refused).Name);
        Assert.Throws<ArgumentException>(() => TimelineEvents.Decided(JourneySteps.JuryScore, JourneyDecisions.Scored));
    }

    [Fact]
    public void Pages_ShowTheLabel_NeverTheRawName()
    {
        Assert.All(TimelineEvents.All.Append(TimelineEvents.Instalment(1)).Append(TimelineEvents.Instalment(12)), e =>
            Assert.Equal(e.Label, HolderPageText.Event(e.Name)));
        Assert.Equal("Versement n° 12 ordonné", HolderPageText.Event("instalment-12-released"));

        // Every page listing a timeline shows its events through HolderPageText.Event.
        var pages = Directory.EnumerateFiles(Path.Combine(Root, "src", "Ami.Pages"), "*.razor", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains(".Event", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(["MyDossier.razor", "StaffDossier.razor"], pages.Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var raw = new Regex(@"@(?!HolderPageText\.)[\w.]*\bEvent\b", RegexOptions.CultureInvariant);
        Assert.All(pages, f => Assert.DoesNotContain(File.ReadLines(f), l => raw.IsMatch(l)));
    }

    [Fact]
    public void Sources_WriteNoTimelineEventNameAsALiteral()
    {
        var literal = LiteralName();
        var offenders = Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => Path.GetFileName(f) != "TimelineEvents.cs")
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(l => literal.IsMatch(l.line) && !IsOtherMeaning(l.line))
            .Select(l => $"{Path.GetRelativePath(Root, l.f)}:{l.i + 1}: {l.line.Trim()}")
            .ToList();

        Assert.True(offenders.Count == 0, "Timeline event names written as literals outside TimelineEvents:\n" + string.Join('\n', offenders));
    }

    /// <summary>The same words with another meaning: a comment, a dossier status in a response or an OpenAPI example.</summary>
    private static bool IsOtherMeaning(string line) =>
        line.TrimStart().StartsWith("//", StringComparison.Ordinal)
        || line.Contains("status = \"withdrawn\"", StringComparison.Ordinal)
        || line.Contains("ApiExamples.Submitted(\"submitted\")", StringComparison.Ordinal);

    [Theory]
    [InlineData("""await j.RecordAsync("jury:opened", "system", DossierStatus.Jury);""")]
    [InlineData("""await j.RecordAsync("audition:" + held.Decision, held.Actor);""")]
    [InlineData("""new TimelineEntry(input.DeclaredAt, "started", "holder", day)""")]
    [InlineData("""new TimelineEntry(at, "instalment-2-released", "system")""")]
    public void LiteralName_TheWaysEventsWereWrittenBefore_AreSeen(string line) => Assert.Matches(LiteralName(), line);

    [Theory]
    [InlineData("""await j.RecordAsync(TimelineEvents.JuryOpened, "system", DossierStatus.Jury);""")]
    [InlineData("""var key = $"scan:{file.Id}:{hash}";""")]
    [InlineData("""new Dictionary<string, string> { ["submittedAt"] = at }""")]
    public void LiteralName_OtherWords_AreNotSeen(string line) => Assert.DoesNotMatch(LiteralName(), line);

    /// <summary>A declared name, a decision event's prefix (<c>"audition:"</c>) or an instalment's name, as a whole string literal.</summary>
    private static Regex LiteralName()
    {
        var names = TimelineEvents.All.Select(e => e.Name).ToList();
        var prefixes = names.Where(n => n.Contains(':', StringComparison.Ordinal)).Select(n => n[..(n.IndexOf(':', StringComparison.Ordinal) + 1)]).Distinct();
        var alternatives = string.Join('|', names.Concat(prefixes).Select(Regex.Escape));
        return new Regex("\"(" + alternatives + "|instalment-[0-9]+-released)\"", RegexOptions.CultureInvariant);
    }
}
