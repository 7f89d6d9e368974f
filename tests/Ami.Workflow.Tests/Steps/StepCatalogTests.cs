using System.Reflection;
using System.Text.RegularExpressions;
using Ami.Workflow.Actions;
using Ami.Workflow.Mail;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;
using Ami.Workflow.Steps;
using Ami.Workflow.Tests.Mail;

namespace Ami.Workflow.Tests.Steps;

/// <summary>
/// Walks <see cref="StepCatalog"/>: every step of <see cref="JourneySteps"/> is declared once, with its French labels, its
/// status while it waits, its mails (each with its templates), and the form of whoever acts; and every mail that names a
/// step renders for each. A step added without one of them fails here, not in a journey.
/// </summary>
public sealed class StepCatalogTests
{
    /// <summary>The steps a dossier can wait on: every constant of <see cref="JourneySteps"/> but busy and ended.</summary>
    public static IReadOnlyList<string> JourneyStepNames() =>
        [.. typeof(JourneySteps).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Where(s => s is not (JourneySteps.Busy or JourneySteps.Ended))];

    public static TheoryData<string> Steps() => [.. StepCatalog.All.Select(s => s.Id)];

    /// <summary>Each mail kind that carries a step (a <see cref="MailInputType.Step"/> value) × each journey step.</summary>
    public static TheoryData<MailKind, string> KindsAndSteps()
    {
        var data = new TheoryData<MailKind, string>();
        foreach (var kind in MailTestData.DossierKinds().Where(k => MailValues.InputsOf(k).Any(i => i.Type == MailInputType.Step)))
        {
            foreach (var step in JourneyStepNames())
            {
                data.Add(kind, step);
            }
        }

        return data;
    }

    [Fact]
    public void Catalog_EveryJourneyStep_DeclaredOnceAndNothingElse()
    {
        Assert.Equal(JourneyStepNames().Order(StringComparer.Ordinal), StepCatalog.All.Select(s => s.Id).Order(StringComparer.Ordinal));
        Assert.Equal(StepCatalog.All.Count, StepCatalog.All.Select(s => s.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(StepCatalog.All, s => Assert.Same(s, StepCatalog.Of(s.Id)));
        Assert.Null(StepCatalog.Of(JourneySteps.Busy));
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Step_HasItsLabelStatusMailsAndForm(string id)
    {
        var step = StepCatalog.Of(id)!;
        var templates = new MailTemplates();

        Assert.False(string.IsNullOrWhiteSpace(step.Awaited), "label « attend … »");
        Assert.NotEmpty(step.WaitingIn);
        Assert.All(step.AllMails, kind => Assert.True(templates.Has(kind), $"{id}: no template for {kind}"));
        if (step.Actor == StepActor.System)
        {
            Assert.Empty(step.Form);
            Assert.Null(step.Event);
            return;
        }

        Assert.NotEmpty(step.Form);
        Assert.NotNull(step.Event);
        if (step.IsAction)
        {
            // Decided through a mailed link: its mail, its page's title, its choices in French, its form.
            Assert.Equal(JourneyEvents.ActionDecided, step.Event);
            Assert.NotNull(step.Request);
            Assert.False(string.IsNullOrWhiteSpace(step.ActionTitle), "action page title");
            Assert.Contains(step.Form, p => p is FormPart.Choices or FormPart.ScoreGrid);
            Assert.All(step.Decisions, d => Assert.False(string.IsNullOrWhiteSpace(d.Choice) || string.IsNullOrWhiteSpace(d.Outcome), d.Id));
        }
        else
        {
            Assert.Equal(StepActor.Holder, step.Actor);
            Assert.Null(step.Request);
        }

        if (step.StaffPage is not null)
        {
            Assert.Equal(StepActor.Staff, step.Actor);
            Assert.False(string.IsNullOrWhiteSpace(step.StaffPage.Title));
        }
    }

    [Fact]
    public void Catalog_StepsWaitingOnStaff_AreTheDigestsAndThePagesSteps()
    {
        var staff = StepCatalog.WaitingOn(StepActor.Staff);

        Assert.Equal([JourneySteps.Validation, JourneySteps.Audition, JourneySteps.BilanValidation], staff.Select(s => s.Id));
        Assert.All(staff, s => Assert.False(string.IsNullOrWhiteSpace(s.DigestToDo), s.Id));
        Assert.Equal(staff, StepCatalog.StaffPageSteps);
        Assert.False(StepCatalog.JuryScore.SingleDecider);
    }

    [Fact]
    public void Catalog_BodyFields_EachReadFromJson()
    {
        var names = StepCatalog.BodyFields.Select(f => f.Name).ToList();

        Assert.Equal(names.Distinct(StringComparer.Ordinal), names);
        using var json = System.Text.Json.JsonDocument.Parse("""{"decision":"eligible","audition":true,"auditionAt":"2015-09-10T14:00","auditionPlace":"Lyon","proposedAmount":12000,"amount":12000.5,"cpDate":"2015-10-01"}""");
        var body = ActionBody.FromJson(json.RootElement);
        Assert.Empty(body.ReadErrors);
        Assert.Equal("true", body[StepFields.Audition]);
        Assert.Equal("12000.5", body[StepFields.Amount]);
        Assert.Equal("2015-10-01", body[StepFields.CpDate]);
    }

    [Fact]
    public void Sources_NameNoStepOutsideTheCatalog()
    {
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
        var ids = string.Join('|', JourneyStepNames().Select(Regex.Escape));
        var literal = new Regex("\"(" + ids + ")(#\\d+)?\"", RegexOptions.CultureInvariant);
        var allowed = new[] { "JourneyContract.cs", "StepFieldReaders.cs" };
        var offenders = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => !allowed.Contains(Path.GetFileName(f)))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(l => literal.IsMatch(l.line) && !IsOtherMeaning(l.line))
            .Select(l => $"{Path.GetRelativePath(root, l.f)}:{l.i + 1}: {l.line.Trim()}")
            .ToList();

        Assert.True(offenders.Count == 0, "Step ids written as literals outside JourneySteps/StepCatalog:\n" + string.Join('\n', offenders));
    }

    /// <summary>The same words with another meaning: a form or multipart field, an HTML id, a status's French name, an OpenAPI example.</summary>
    private static bool IsOtherMeaning(string line) =>
        line.Contains("FieldError(\"bilan\"", StringComparison.Ordinal)
        || line.Contains("BilanPart = \"bilan\"", StringComparison.Ordinal)
        || line.Contains("[\"bilan\"]", StringComparison.Ordinal)
        || line.Contains("FormPart(\"bilan\"", StringComparison.Ordinal)
        || line.Contains("id=\"bilan\"", StringComparison.Ordinal)
        || line.Contains("labelledby=\"bilan\"", StringComparison.Ordinal)
        || line.Contains("name=\"audition\"", StringComparison.Ordinal)
        || line.Contains("DossierStatus.Audition => \"audition\"", StringComparison.Ordinal)
        || line.Contains("<paramref name=", StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(KindsAndSteps))]
    public void Compose_MailNamingAStep_RendersEveryStepInFrench(MailKind kind, string step)
    {
        var values = MailTestData.ValuesFor(kind);
        foreach (var input in MailValues.InputsOf(kind).Where(i => i.Type == MailInputType.Step))
        {
            values[input.Key] = step;
        }

        var mail = MailTestData.Composer().Compose(
            new Notification("d-0001", kind, step + "#1", MailTestData.DefaultRecipient(kind), values),
            MailTestData.Record(), MailTestData.Campaign(), MailTestData.Submission());

        var label = StepCatalog.Of(step)!.Awaited;
        Assert.Contains(label, mail.Text, StringComparison.Ordinal);
        Assert.Contains(label.Replace("'", "&#39;", StringComparison.Ordinal), mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void ActionPage_EveryStepDecidedThroughALink_HasItsFrenchTitle()
    {
        var decided = StepCatalog.All.Where(s => s.IsAction).ToList();
        Assert.Equal(6, decided.Count);
        Assert.All(decided, s => Assert.False(string.IsNullOrWhiteSpace(s.ActionTitle), s.Id));
        Assert.Equal("Validation du bilan de la première année", ActionPage.StepLabel(JourneySteps.BilanValidation));
    }

    [Fact]
    public void French_UnknownStep_RefusedBeforeAnyMailIsWritten()
    {
        Assert.Throws<MailTemplateException>(() => French.Step("convention"));
        Assert.Equal("la remise du bilan de la première année par le porteur", French.Step(JourneySteps.Bilan));
    }
}
