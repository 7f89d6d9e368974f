using System.Reflection;
using Ami.Workflow.Actions;
using Ami.Workflow.Mail;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Tests.Mail;

/// <summary>
/// Every step of <see cref="JourneySteps"/> has its French labels in <see cref="StepLabels"/>, and every mail that
/// names a step renders for every one of them: a step added without labels fails here, not in a journey.
/// </summary>
public sealed class StepLabelTests
{
    /// <summary>The steps a dossier can wait on: every constant of <see cref="JourneySteps"/> but busy and ended.</summary>
    public static IReadOnlyList<string> JourneyStepNames() =>
        [.. typeof(JourneySteps).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Where(s => s is not (JourneySteps.Busy or JourneySteps.Ended))];

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
    public void StepLabels_EveryJourneyStep_HasItsLabelsAndNothingElse()
    {
        Assert.Equal(JourneyStepNames().Order(StringComparer.Ordinal), StepLabels.Steps.Order(StringComparer.Ordinal));
        Assert.Contains(MailKind.StaffReminder, KindsAndSteps().Select(row => (MailKind)row[0]));
    }

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

        var label = StepLabels.Of(step)!.Awaited;
        Assert.Contains(label, mail.Text, StringComparison.Ordinal);
        Assert.Contains(label.Replace("'", "&#39;", StringComparison.Ordinal), mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void ActionPage_EveryStepDecidedThroughALink_HasItsFrenchTitle()
    {
        var decided = JourneyStepNames().Where(s => JourneyDecisions.For(s).Count > 0).ToList();
        Assert.Equal(6, decided.Count);
        Assert.All(decided, s => Assert.False(string.IsNullOrWhiteSpace(StepLabels.Of(s)!.ActionTitle), s));
        Assert.Equal("Validation du bilan de la première année", ActionPage.StepLabel(JourneySteps.BilanValidation));
    }

    [Fact]
    public void French_UnknownStep_RefusedBeforeAnyMailIsWritten()
    {
        Assert.Throws<MailTemplateException>(() => French.Step("convention"));
        Assert.Equal("la remise du bilan de la première année par le porteur", French.Step(JourneySteps.Bilan));
    }
}
