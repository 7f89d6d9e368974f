using System.Text.RegularExpressions;
using Ami.Domain.Money;
using Ami.Workflow.Mail;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Tests.Mail;

public partial class MailTemplateTests
{
    public static TheoryData<MailKind> DossierKinds()
    {
        var data = new TheoryData<MailKind>();
        foreach (var k in MailTestData.DossierKinds())
        {
            data.Add(k);
        }

        return data;
    }

    [Fact]
    public void Templates_EveryMailKind_HasTextAndHtml()
    {
        var templates = new MailTemplates();
        var missing = Enum.GetValues<MailKind>().Where(k => !templates.Has(k)).ToList();
        Assert.Empty(missing);
    }

    [Theory]
    [MemberData(nameof(DossierKinds))]
    public void Compose_EachKindWithRealDossier_IsCompleteFrenchWithAbsoluteLinks(MailKind kind)
    {
        var n = MailTestData.Notification(kind);
        var mail = MailTestData.Composer().Compose(n, MailTestData.Record(), MailTestData.Campaign(), MailTestData.Submission());

        Assert.Contains("AMI-IS-2015-0001", mail.Subject, StringComparison.Ordinal);
        foreach (var part in new[] { mail.Subject, mail.Text, mail.Html })
        {
            Assert.DoesNotContain("{{", part, StringComparison.Ordinal);
            Assert.DoesNotContain("}}", part, StringComparison.Ordinal);
            Assert.DoesNotContain("Ã", part, StringComparison.Ordinal);
            Assert.DoesNotContain("\uFFFD", part, StringComparison.Ordinal);
            Assert.DoesNotMatch("&#(?!39;)", part);
        }

        Assert.Contains("é", mail.Text, StringComparison.Ordinal);
        Assert.Contains("é", mail.Html, StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html>", mail.Html, StringComparison.Ordinal);
        Assert.Contains("ami.is@aquitaine.fr", mail.Text, StringComparison.Ordinal);

        var hrefs = Href().Matches(mail.Html).Select(m => m.Groups[1].Value.Replace("&amp;", "&", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(hrefs);
        foreach (var href in hrefs.Where(h => !h.StartsWith("mailto:", StringComparison.Ordinal)))
        {
            Assert.True(Uri.TryCreate(href, UriKind.Absolute, out var uri), href);
            Assert.StartsWith(MailTestData.BaseUrl + "/api/", uri!.AbsoluteUri, StringComparison.Ordinal);
        }

        foreach (var url in Url().Matches(mail.Text).Select(m => m.Value))
        {
            Assert.True(Uri.TryCreate(url, UriKind.Absolute, out _), url);
            Assert.StartsWith(MailTestData.BaseUrl + "/api/", url, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Compose_Receipt_HasStatusLinkTokenReminderAndFrenchAccents()
    {
        var mail = MailTestData.Composer().Compose(MailTestData.Notification(MailKind.Receipt), MailTestData.Record(), MailTestData.Campaign(), null);

        Assert.Equal("AMI-IS-2015-0001 – Accusé de réception de votre dossier", mail.Subject);
        Assert.Contains("https://ami.region.example/api/dossiers/d-0001", mail.Text, StringComparison.Ordinal);
        Assert.Contains("href=\"https://ami.region.example/api/dossiers/d-0001\"", mail.Html, StringComparison.Ordinal);
        Assert.Contains("Ce lien est personnel", mail.Text, StringComparison.Ordinal);
        Assert.Contains("12 mai 2015 à 14 h 05", mail.Text, StringComparison.Ordinal);
        Assert.Contains(Euros.FromDecimal(30000m).ToFrench(), mail.Text, StringComparison.Ordinal);
        foreach (var accent in new[] { "é", "è", "à", "ç", "œ", "«", "»" })
        {
            Assert.Contains(accent, mail.Text, StringComparison.Ordinal);
            Assert.Contains(accent, mail.Html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Compose_HolderTextWithMarkup_IsEscapedInHtmlAndIntactInText()
    {
        const string name = "<script>alert(1)</script> & \"quotes\" l'asso";
        var submission = MailTestData.Submission(name);
        var record = MailTestData.Record(submission: submission) with { ActionTitle = "<b>Cuisines</b> & co" };

        var mail = MailTestData.Composer().Compose(MailTestData.Notification(MailKind.ValidationRequest), record, MailTestData.Campaign(), submission);

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; l&#39;asso", mail.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;Cuisines&lt;/b&gt; &amp; co", mail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", mail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", mail.Html, StringComparison.Ordinal);
        Assert.Contains(name, mail.Text, StringComparison.Ordinal);
        Assert.Contains("<b>Cuisines</b> & co", mail.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_TitleWithLineBreaks_SubjectStaysOneLine()
    {
        var record = MailTestData.Record() with { ActionTitle = "Cuisines\r\n\tpartagées" };

        var mail = MailTestData.Composer().Compose(MailTestData.Notification(MailKind.ValidationRequest), record, MailTestData.Campaign(), null);

        Assert.Equal("AMI-IS-2015-0001 – Dossier à valider : « Cuisines partagées »", mail.Subject);
    }

    [Fact]
    public void Compose_ChangesRequested_ShowsCommentAndParisDeadline()
    {
        var mail = MailTestData.Composer().Compose(MailTestData.Notification(MailKind.ChangesRequested), MailTestData.Record(), MailTestData.Campaign(), null);

        Assert.Contains("jusqu'au 29 mai 2015 à 23 h 59 (heure de Paris)", mail.Text, StringComparison.Ordinal);
        Assert.Contains("Merci de joindre les statuts signés et le budget détaillé.\nPrécisez le rôle", mail.Text, StringComparison.Ordinal);
        Assert.Contains("budget détaillé.<br>\nPrécisez le rôle de l&#39;équipe", mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_DecisionGranted_ShowsAmountConclusionsAndSeventyThirtySchedule()
    {
        var record = MailTestData.Record() with { GrantedAmount = Euros.FromDecimal(33333.33m) };
        var mail = MailTestData.Composer().Compose(MailTestData.Notification(MailKind.DecisionGranted), record, MailTestData.Campaign(), null);

        Assert.Contains(Euros.FromDecimal(33333.33m).ToFrench(), mail.Subject, StringComparison.Ordinal);
        Assert.Contains("10 juillet 2015", mail.Text, StringComparison.Ordinal);
        Assert.Contains("la place de la recherche est à renforcer", mail.Text, StringComparison.Ordinal);
        Assert.Contains("- 70\u00A0% au démarrage de l'action : " + Euros.FromDecimal(23333.33m).ToFrench(), mail.Text, StringComparison.Ordinal);
        Assert.Contains("- 30\u00A0% à la remise du bilan de la première année : " + Euros.FromDecimal(10000m).ToFrench(), mail.Text, StringComparison.Ordinal);
        Assert.Contains(Euros.FromDecimal(23333.33m).ToFrench(), mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_DecisionRefused_ShowsReasonsAndConclusions()
    {
        var mail = MailTestData.Composer().Compose(MailTestData.Notification(MailKind.DecisionRefused), MailTestData.Record(), MailTestData.Campaign(), null);

        Assert.Contains("n'est pas financée par l'AMI", mail.Text, StringComparison.Ordinal);
        Assert.Contains("Conclusions du jury", mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_JuryOpinionRequest_ListsEveryCriterionMeanAndDivergence()
    {
        var mail = MailTestData.Composer().Compose(MailTestData.Notification(MailKind.JuryOpinionRequest), MailTestData.Record(), MailTestData.Campaign(), null);

        Assert.Contains("Note moyenne : 27,50 / 36", mail.Text, StringComparison.Ordinal);
        Assert.Contains("- Place des bénéficiaires : 2,25 / 3\n", mail.Text, StringComparison.Ordinal);
        Assert.Contains("- Place de la recherche : 2,25 / 3 (notes divergentes)", mail.Text, StringComparison.Ordinal);
        Assert.Equal(12, Regex.Count(mail.Text, @"^- .+ : 2,25 / 3", RegexOptions.Multiline));
        Assert.Contains("https://ami.region.example/api/actions/tok.en-123_ABC", mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void JuryScores_BuildsTheValuesTheOpinionRequestReads()
    {
        var means = Ami.Domain.Scoring.ScoringGrid.Annex1.Criteria.ToDictionary(c => c.Key, c => c.Key == "research" ? 1.5m : 2m);
        var values = MailValues.JuryScores(3, 23.5m, 20m, 27m, means, ["research"]);
        values[MailValues.ActionToken] = "t";
        var n = MailTestData.Notification(MailKind.JuryOpinionRequest) with { Values = values };

        var mail = MailTestData.Composer().Compose(n, MailTestData.Record(), MailTestData.Campaign(), null);

        Assert.Contains("Grilles reçues : 3", mail.Text, StringComparison.Ordinal);
        Assert.Contains("Note moyenne : 23,50 / 36 (de 20,00 à 27,00)", mail.Text, StringComparison.Ordinal);
        Assert.Contains("- Place de la recherche : 1,50 / 3 (notes divergentes)", mail.Text, StringComparison.Ordinal);
        Assert.Contains("- Gouvernance : 2,00 / 3\n", mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_PaymentOrder_HasReferenceHolderAmountInstalmentAndSiret()
    {
        var mail = MailTestData.Composer().Compose(MailTestData.Notification(MailKind.PaymentOrder), MailTestData.Record(), MailTestData.Campaign(), MailTestData.Submission());

        Assert.Contains("Bénéficiaire : Association Les Jardins Partagés", mail.Text, StringComparison.Ordinal);
        Assert.Contains("SIRET : 12345678901234", mail.Text, StringComparison.Ordinal);
        Assert.Contains("Versement n° 1 (70\u00A0% de l'aide de " + Euros.FromDecimal(28000m).ToFrench() + ")", mail.Text, StringComparison.Ordinal);
        Assert.Contains("Montant à payer : " + Euros.FromDecimal(28000m).ToFrench(), mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_StartAcknowledged_ShowsFirstInstalmentAndBilanDate()
    {
        var mail = MailTestData.Composer().Compose(MailTestData.Notification(MailKind.StartAcknowledged), MailTestData.Record(), MailTestData.Campaign(), null);

        Assert.Contains("au 1er octobre 2015", mail.Text, StringComparison.Ordinal);
        Assert.Contains("soit " + Euros.FromDecimal(19600m).ToFrench(), mail.Text, StringComparison.Ordinal);
        Assert.Contains("au plus tard le 1er octobre 2016", mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_BilanOverdue_SpeaksToStaffOrHolder()
    {
        var composer = MailTestData.Composer();
        var toHolder = composer.Compose(MailTestData.Notification(MailKind.BilanOverdue), MailTestData.Record(), MailTestData.Campaign(), null);
        var toStaff = composer.Compose(MailTestData.Notification(MailKind.BilanOverdue) with { To = new Recipient(RecipientRole.Staff) }, MailTestData.Record(), MailTestData.Campaign(), null);

        Assert.Contains("Merci de le déposer au plus vite", toHolder.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Le porteur a été relancé", toHolder.Text, StringComparison.Ordinal);
        Assert.Contains("Le porteur a été relancé", toStaff.Text, StringComparison.Ordinal);
        Assert.Contains("1er octobre 2016", toStaff.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_LateSubmission_NamesAttemptAndDeadline()
    {
        var attempt = new LateSubmission(new DateTimeOffset(2015, 5, 29, 22, 0, 5, TimeSpan.Zero), "ami-is-2015", "Collectif <Retard>", "late@example.org");
        var mail = MailTestData.Composer().ComposeLateSubmission(attempt, MailTestData.Campaign());

        Assert.Contains("le 30 mai 2015 à 0 h 00", mail.Text, StringComparison.Ordinal);
        Assert.Contains("clos depuis le 29 mai 2015 à 23 h 59", mail.Text, StringComparison.Ordinal);
        Assert.Contains("Collectif &lt;Retard&gt;", mail.Html, StringComparison.Ordinal);
        Assert.Contains("late@example.org", mail.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MailKind.ChangesRequested, MailValues.Comment)]
    [InlineData(MailKind.JuryInvitation, MailValues.DueAt)]
    [InlineData(MailKind.ValidationRequest, MailValues.ActionToken)]
    [InlineData(MailKind.JuryOpinionRequest, "mean:environment")]
    public void Compose_RequiredValueMissing_Throws(MailKind kind, string key)
    {
        var values = MailTestData.ValuesFor(kind);
        values.Remove(key);
        var n = MailTestData.Notification(kind) with { Values = values };

        var e = Assert.Throws<MailTemplateException>(() => MailTestData.Composer().Compose(n, MailTestData.Record(), MailTestData.Campaign(), null));
        Assert.Contains(key, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_UnknownValueOrBadFormat_Throws()
    {
        var composer = MailTestData.Composer();
        var extra = MailTestData.Notification(MailKind.Receipt) with { Values = new Dictionary<string, string> { ["coment"] = "x" } };
        var badDate = MailTestData.Notification(MailKind.JuryInvitation) with
        {
            Values = new Dictionary<string, string> { [MailValues.ActionToken] = "t", [MailValues.DueAt] = "2015-06-29" },
        };

        Assert.Throws<MailTemplateException>(() => composer.Compose(extra, MailTestData.Record(), MailTestData.Campaign(), null));
        Assert.Throws<MailTemplateException>(() => composer.Compose(badDate, MailTestData.Record(), MailTestData.Campaign(), null));
    }

    [Fact]
    public void Compose_GrantedWithoutAmountOrPaymentWithoutSiret_Throws()
    {
        var composer = MailTestData.Composer();
        var noGrant = MailTestData.Record() with { GrantedAmount = null };
        var noSiret = MailTestData.Submission() with { Holder = MailTestData.Submission().Holder! with { Siret = null } };

        Assert.Throws<MailTemplateException>(() => composer.Compose(MailTestData.Notification(MailKind.DecisionGranted), noGrant, MailTestData.Campaign(), null));
        Assert.Throws<MailTemplateException>(() => composer.Compose(MailTestData.Notification(MailKind.PaymentOrder), MailTestData.Record(), MailTestData.Campaign(), noSiret));
    }

    [Fact]
    public void Compose_BaseUrlWithTrailingSlash_BuildsCleanLinks()
    {
        var mail = MailTestData.Composer("https://ami.region.example/").Compose(MailTestData.Notification(MailKind.Receipt), MailTestData.Record(), MailTestData.Campaign(), null);

        Assert.Contains("https://ami.region.example/api/dossiers/d-0001\n", mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("example//api", mail.Text, StringComparison.Ordinal);
    }

    [GeneratedRegex("href=\"([^\"]*)\"")]
    private static partial Regex Href();

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex Url();
}
