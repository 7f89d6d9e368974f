using Ami.Workflow.Mail;
using Ami.Workflow.Ports;
using Ami.Workflow.Workspaces;

namespace Ami.Workflow.Tests.Mail;

/// <summary>The campaign-wide mails of the calendar, as a juror, the president or staff read them.</summary>
public sealed class CalendarMailTests
{
    [Theory]
    [InlineData(1, "il vous reste 1 grille à valider")]
    [InlineData(3, "il vous reste 3 grilles à valider")]
    public void JurorReminder_SaysHowManySheetsAreLeft_WithTheFrenchPlural(int remaining, string expected)
    {
        var campaign = MailTestData.Campaign();
        var mail = MailTestData.Composer().ComposeCampaign(MailKind.JuryWorkspaceReminder, campaign, CalendarMails.JurorReminder(remaining, campaign.JuryDueAt(), MailTestData.BaseUrl + "/jury/abc"));

        Assert.Contains("Rappel : " + expected, mail.Subject, StringComparison.Ordinal);
        Assert.Contains(expected, mail.Text, StringComparison.Ordinal);
        Assert.Contains(MailTestData.BaseUrl + "/jury/abc", mail.Text, StringComparison.Ordinal);
        Assert.Contains("href=\"" + MailTestData.BaseUrl + "/jury/abc\"", mail.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, "1 dossier attend votre évaluation")]
    [InlineData(40, "40 dossiers attendent votre évaluation")]
    public void JurorInvitation_SaysHowManyDossiersAndByWhen(int dossiers, string expected)
    {
        var campaign = MailTestData.Campaign();
        var mail = MailTestData.Composer().ComposeCampaign(MailKind.JuryWorkspaceInvitation, campaign, CalendarMails.JurorInvitation(dossiers, campaign.JuryDueAt(), MailTestData.BaseUrl + "/jury/abc"));

        Assert.Contains(expected, mail.Text, StringComparison.Ordinal);
        Assert.Contains(French.DateTime(campaign.JuryDueAt()), mail.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Shortfall_ListsTheDossiersShortOfSheets()
    {
        var campaign = MailTestData.Campaign();
        var mail = MailTestData.Composer().ComposeCampaign(MailKind.JuryShortfall, campaign, CalendarMails.Shortfall(campaign.JuryDueAt(), [("AMI-1", "Cuisines", 1, 2), ("AMI-2", "Jardins", 0, 0)]));

        Assert.Contains("2 dossiers", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("- AMI-1 – « Cuisines » : 1 grille reçue, 2 jurés attendus", mail.Text, StringComparison.Ordinal);
        Assert.Contains("- AMI-2 – « Jardins » : 0 grille reçue, plus aucun juré attendu", mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ComposeCampaign_RefusesADossierMail() =>
        Assert.Throws<MailTemplateException>(() => MailTestData.Composer().ComposeCampaign(MailKind.Receipt, MailTestData.Campaign(), new TemplateModel()));
}
