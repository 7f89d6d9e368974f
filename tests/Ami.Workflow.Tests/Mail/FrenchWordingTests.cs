using Ami.Workflow.Actions;
using Ami.Workflow.Mail;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Steps;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Tests.Mail;

/// <summary>One French way to write dates and counts, in the mails and on the action pages alike.</summary>
public sealed class FrenchWordingTests
{
    [Theory]
    [InlineData(0, "0 grille")]
    [InlineData(1, "1 grille")]
    [InlineData(2, "2 grilles")]
    public void Count_SingularForZeroAndOne_PluralAbove(int count, string expected) =>
        Assert.Equal(expected, French.Count(count, "grille", "grilles"));

    [Theory]
    [InlineData("1", "Jury incomplet : 1 évaluation reçue", "seulement 1 grille d'évaluation reçue,")]
    [InlineData("0", "Jury incomplet : 0 évaluation reçue", "seulement 0 grille d'évaluation reçue,")]
    public void JuryEscalation_OneSheet_WrittenInTheSingular(string sheets, string subject, string body)
    {
        var values = MailTestData.ValuesFor(MailKind.JuryEscalation);
        values[MailValues.Sheets] = sheets;
        var mail = MailTestData.Composer().Compose(
            new Notification("d-0001", MailKind.JuryEscalation, "jury-score#1:escalation", new Recipient(RecipientRole.Staff), values),
            MailTestData.Record(), MailTestData.Campaign(), MailTestData.Submission());

        Assert.EndsWith(subject, mail.Subject, StringComparison.Ordinal);
        Assert.Contains(body, mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("(s)", mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("(s)", mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void ActionPage_LinkExpiry_WrittenAsTheMailsWriteDates()
    {
        var expires = new DateTimeOffset(2026, 12, 1, 20, 15, 0, TimeSpan.Zero);
        var claims = new ActionClaims("d-0001", JourneySteps.Validation, 1, "staff-0", StepCatalog.DecisionsOf(JourneySteps.Validation), expires);
        var page = ActionPage.Form(new ActionContext(claims, MailTestData.Record(), MailTestData.Campaign()), []);

        Assert.Contains("Il expire le 1er décembre 2026 à 21 h 15.", page, StringComparison.Ordinal);
        Assert.Equal("1er décembre 2026 à 21 h 15", French.DateTime(expires));
    }
}
