using Ami.Workflow.Mail;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Tests.Mail;

/// <summary>Every template file under <c>Mail/Templates/</c> belongs to a mail kind and renders with the values that kind provides.</summary>
public class TemplateFilesTests
{
    private const string ResourcePrefix = "Ami.Workflow.Mail.Templates.";

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var name in typeof(MailTemplates).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && !n.StartsWith(ResourcePrefix + "_", StringComparison.Ordinal)))
        {
            data.Add(name[ResourcePrefix.Length..]);
        }

        return data;
    }

    [Fact]
    public void Files_AreEmbedded() => Assert.Equal(2 * Enum.GetValues<MailKind>().Length, Files().Count);

    [Theory]
    [MemberData(nameof(Files))]
    public void File_RendersWithTheValuesOfItsKind(string file)
    {
        var kind = Enum.GetValues<MailKind>().SingleOrDefault(k => MailTemplates.FileName(k) == Path.GetFileNameWithoutExtension(file));
        Assert.True(MailTemplates.FileName(kind) == Path.GetFileNameWithoutExtension(file), $"{file} belongs to no mail kind");

        foreach (var mail in Render(kind))
        {
            var part = file.EndsWith(".html", StringComparison.Ordinal) ? mail.Html : mail.Subject + "\n" + mail.Text;
            Assert.DoesNotContain("{{", part, StringComparison.Ordinal);
            Assert.DoesNotContain("}}", part, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(mail.Subject));
            Assert.Contains(MailTestData.Campaign().ContactEmail, part, StringComparison.Ordinal);
        }
    }

    private static IEnumerable<MailContent> Render(MailKind kind)
    {
        var composer = MailTestData.Composer();
        var campaign = MailTestData.Campaign();
        switch (kind)
        {
            case MailKind.LateSubmission:
                yield return composer.ComposeLateSubmission(new LateSubmission(campaign.Deadline.LastAcceptedInstant.AddMinutes(5), campaign.Id, "Collectif", "c@example.org"), campaign);
                break;
            case MailKind.DraftLink or MailKind.DraftReminder:
                yield return composer.ComposeDraft(kind, campaign, MailTestData.BaseUrl + "/brouillon/t", "Collectif");
                yield return composer.ComposeDraft(kind, campaign, MailTestData.BaseUrl + "/brouillon/t", null);
                break;
            case MailKind.JuryWorkspaceInvitation:
                yield return composer.ComposeCampaign(kind, campaign, Ami.Workflow.Workspaces.CalendarMails.JurorInvitation(12, campaign.JuryDueAt(), MailTestData.BaseUrl + "/jury/t"));
                yield return composer.ComposeCampaign(kind, campaign, Ami.Workflow.Workspaces.CalendarMails.JurorInvitation(1, campaign.JuryDueAt(), MailTestData.BaseUrl + "/jury/t"));
                break;
            case MailKind.JuryWorkspaceReminder:
                yield return composer.ComposeCampaign(kind, campaign, Ami.Workflow.Workspaces.CalendarMails.JurorReminder(3, campaign.JuryDueAt(), MailTestData.BaseUrl + "/jury/t"));
                break;
            case MailKind.JuryShortfall:
                yield return composer.ComposeCampaign(kind, campaign, Ami.Workflow.Workspaces.CalendarMails.Shortfall(campaign.JuryDueAt(), [("AMI-IS-2015-0001", "Cuisines", 1, 2)]));
                break;
            case MailKind.PresidentWorkspaceInvitation:
                yield return composer.ComposeCampaign(kind, campaign, Ami.Workflow.Workspaces.CalendarMails.Workspace(12, MailTestData.BaseUrl + "/jury/avis/t"));
                break;
            case MailKind.CpWorkspaceInvitation:
                yield return composer.ComposeCampaign(kind, campaign, Ami.Workflow.Workspaces.CalendarMails.Workspace(12, MailTestData.BaseUrl + "/commission/t"));
                break;
            case MailKind.StaffDigest:
                // The names StaffDigestJob sets, one item in every section.
                var item = new TemplateModel().Set("reference", "AMI-IS-2015-0001").Set("actionTitle", "Cuisines").Set("holderName", "Asso").Set("url", composer.DossierUrl("d-0001"));
                yield return composer.ComposeDigest(campaign, new TemplateModel()
                    .Set("day", "1er juin 2015")
                    .Set("bilanHorizonDays", "30")
                    .Set("waiting", [item.Scope(new TemplateModel().Set("todo", "à valider").Set("since", "1er juin 2015"))])
                    .Set("lateJurors", [item.Scope(new TemplateModel().Set("juror", "jure@example.org").Set("dueAt", "1er juin 2015"))])
                    .Set("bilans", [item.Scope(new TemplateModel().Set("dueAt", "1er juin 2015").Set("overdue", true))])
                    .Set("lateSubmissions", [new TemplateModel().Set("at", "1er juin 2015").Set("holderName", "Asso").Set("contactEmailOfHolder", "a@example.org")])
                    .Set("failed", [item.Scope(new TemplateModel().Set("status", "déposé").Set("at", "1er juin 2015"))]));
                break;
            default:
                foreach (var role in new[] { RecipientRole.Holder, RecipientRole.Staff })
                {
                    var n = MailTestData.Notification(kind) with { To = new Recipient(role) };
                    yield return composer.Compose(n, MailTestData.Record(), campaign, MailTestData.Submission());
                }

                break;
        }
    }
}
