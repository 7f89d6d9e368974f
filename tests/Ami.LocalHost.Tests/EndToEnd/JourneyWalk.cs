using System.Net;
using System.Text.Json;
using static Ami.LocalHost.Tests.EndToEnd.TestCampaigns;

namespace Ami.LocalHost.Tests.EndToEnd;

/// <summary>
/// The people of the call acting on one dossier through their mails and the API, step by step, with what each
/// of them can see checked on the way. Both end-to-end journeys (with and without a restart) use these.
/// </summary>
internal static class JourneyWalk
{
    /// <summary>The grant of the journeys: 70 % is 19 833,331 €, rounded down to 19 833,33 €; the rest is 8 500,00 €.</summary>
    public const string GrantText = "28333.33";

    /// <summary>The same amount as a French person types it in the page's field.</summary>
    public const string GrantTypedInFrench = "28 333,33";
    public const long GrantCents = 28_333_33;
    public const long FirstInstalmentCents = 19_833_33;
    public const long SecondInstalmentCents = 8_500_00;

    public const string JuryConclusions = "Le jury salue l'implication des habitants et l'appui de l'université.";

    /// <summary>Staff open the validation link of their mail (a French page about the dossier) and declare it eligible.</summary>
    public static async Task ValidateAsync(AmiSite site, FiledDossier dossier)
    {
        var request = await site.WaitForMailAsync(Staff, "validation-request", dossier.Id);
        Assert.Contains(dossier.Reference, request.Subject, StringComparison.Ordinal);
        var page = await site.OpenLinkAsync(request.ActionLink(AmiSite.PublicBaseUrl));
        Assert.Contains("<html lang=\"fr\">", page.Html, StringComparison.Ordinal);
        Assert.Contains("Instruction du dossier : éligibilité", page.Text, StringComparison.Ordinal);
        Assert.Contains(dossier.Reference, page.Text, StringComparison.Ordinal);
        Assert.Contains("Association Les Jardins Partagés", page.Text, StringComparison.Ordinal);
        Assert.Contains("Des jardins partagés au pied des immeubles", page.Text, StringComparison.Ordinal);
        Assert.Contains("30 000,00 €", CapturedMail.Normalise(page.Text), StringComparison.Ordinal);
        Assert.Contains("statuts.pdf", page.Text, StringComparison.Ordinal);
        Assert.Equal(["eligible", "ineligible", "changes-requested"], page.Choices("decision"));

        await site.PostFormAsync(page, FormAnswers.Eligible());
        await site.WaitForMailAsync(Holder, "eligible", dossier.Id);

        // The link acted once: opened again, it says so (410, in French).
        var (status, text) = await site.GetPageAsync(request.ActionLink(AmiSite.PublicBaseUrl));
        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Contains("Ce lien a déjà été utilisé", text, StringComparison.Ordinal);
    }

    /// <summary>A juror scores the dossier on Annex 1's grid through the link of <paramref name="mail"/>.</summary>
    public static async Task ScoreAsync(AmiSite site, CapturedMail mail, int level)
    {
        var form = await site.ActOnAsync(mail, FormAnswers.Scores(level, $"Grille notée {level} partout."));
        Assert.Contains("Évaluation par le jury (grille de l'annexe 1)", form.Text, StringComparison.Ordinal);
        Assert.Contains("Place des bénéficiaires", form.Text, StringComparison.Ordinal);
        Assert.Equal(["0", "1", "2", "3"], form.Choices("scores.beneficiaries"));
    }

    /// <summary>
    /// From the jury's scores (one grid at 2, one at 3: a mean of 30 / 36) to the holder's grant: the jury's
    /// president (who types the amount the French way), then the Commission permanente's secretariat, each on the
    /// page of their link.
    /// </summary>
    public static async Task OpinionAndGrantAsync(AmiSite site, FiledDossier dossier, DateOnly cpDate)
    {
        var opinionRequest = await site.WaitForMailAsync(President, "jury-opinion-request", dossier.Id);
        var opinion = await site.ActOnAsync(opinionRequest, FormAnswers.Favourable(GrantTypedInFrench, JuryConclusions));
        Assert.Contains("Notes du jury", opinion.Text, StringComparison.Ordinal);
        Assert.Contains("2 grilles ; total moyen 30 / 36 (de 24 à 36)", opinion.Text, StringComparison.Ordinal);
        Assert.Equal(["favourable", "unfavourable"], opinion.Choices("decision"));
        await site.WaitForStatusAsync(dossier, "cp");

        var cpRequest = await site.WaitForMailAsync(CpSecretariat, "cp-decision-request", dossier.Id);
        var cp = await site.ActOnAsync(cpRequest, FormAnswers.Granted(GrantText, cpDate, "Aide attribuée par la Commission permanente."));
        Assert.Contains("Avis favorable", cp.Text, StringComparison.Ordinal);
        Assert.Contains("28 333,33 €", CapturedMail.Normalise(cp.Text), StringComparison.Ordinal);
        Assert.Contains(JuryConclusions, cp.Text, StringComparison.Ordinal);

        var granted = await site.WaitForMailAsync(Holder, "decision-granted", dossier.Id);
        Assert.Contains("28 333,33 €", CapturedMail.Normalise(granted.Subject), StringComparison.Ordinal);
        Assert.Contains(JuryConclusions, granted.PlainText, StringComparison.Ordinal);
        Assert.Contains("19 833,33 €", granted.PlainText, StringComparison.Ordinal);
        Assert.Contains("8 500,00 €", granted.PlainText, StringComparison.Ordinal);
        var view = await site.WaitForStatusAsync(dossier, "granted");
        Assert.Equal([(1, 70, FirstInstalmentCents, "planned"), (2, 30, SecondInstalmentCents, "planned")], Instalments(view));
    }

    /// <summary>
    /// The holder declares the start (70 % released: a payment order to finance), hands in the bilan, staff accept
    /// it (the remaining 30 % released) and the dossier is closed; both instalments add up to the grant exactly.
    /// </summary>
    public static async Task<JsonElement> StartBilanAndCloseAsync(AmiSite site, FiledDossier dossier, DateOnly startDate)
    {
        var started = await site.DeclareStartAsync(dossier, startDate);
        Assert.Equal(FormAnswers.Day(startDate), started.GetProperty("startDate").GetString());
        var firstOrder = await site.WaitForMailAsync(Finance, "payment-order", dossier.Id);
        Assert.Contains("versement n° 1 de 19 833,33 €", CapturedMail.Normalise(firstOrder.Subject), StringComparison.Ordinal);
        Assert.Contains("Montant à payer : 19 833,33 €", firstOrder.PlainText, StringComparison.Ordinal);
        Assert.Contains("44306184100047", firstOrder.PlainText, StringComparison.Ordinal);
        await site.WaitForMailAsync(Holder, "start-acknowledged", dossier.Id);
        var afterStart = await site.WaitForStatusAsync(dossier, "started");
        var instalments = Instalments(afterStart);
        Assert.Equal((1, 70, FirstInstalmentCents, "released"), instalments[0]);
        Assert.Equal((2, 30, SecondInstalmentCents, "planned"), instalments[1]);
        Assert.True(afterStart.GetProperty("instalments")[0].TryGetProperty("releasedAt", out var releasedAt) && releasedAt.ValueKind == JsonValueKind.String,
            "the released instalment says when: " + afterStart.GetProperty("instalments")[0]);

        var handedIn = await site.HandInBilanAsync(dossier, FormAnswers.BilanReport, FormAnswers.Bilan);
        Assert.Equal("bilan-submitted", handedIn.GetProperty("status").GetString());
        await site.WaitForMailAsync(Holder, "bilan-received", dossier.Id);
        var check = await site.WaitForMailAsync(Staff, "bilan-validation-request", dossier.Id);
        var review = await site.ActOnAsync(check, FormAnswers.BilanAccepted());
        Assert.Contains("Validation du bilan de la première année", review.Text, StringComparison.Ordinal);
        Assert.Contains("bilan-premiere-annee.pdf", review.Text, StringComparison.Ordinal);

        var orders = await site.WaitForMailsAsync(Finance, "payment-order", dossier.Id, 2);
        Assert.Contains("versement n° 2 de 8 500,00 €", CapturedMail.Normalise(orders[1].Subject), StringComparison.Ordinal);
        await site.WaitForMailAsync(Holder, "closed", dossier.Id);
        var closed = await site.WaitForStatusAsync(dossier, "closed");

        var paid = Instalments(closed);
        Assert.Equal([(1, 70, FirstInstalmentCents, "released"), (2, 30, SecondInstalmentCents, "released")], paid);
        Assert.Equal(GrantCents, paid.Sum(i => i.Cents));
        Assert.Equal(2, (await site.MailsToAsync(Finance)).Count(m => m.Kind == "payment-order" && m.DossierId == dossier.Id));
        return closed;
    }

    /// <summary>
    /// The transitions of a whole journey, in order, as the status API lists them (a <c>bilan:due</c> line may
    /// come in between when the machine was slow enough for the bilan's due date to pass first).
    /// </summary>
    public static void AssertTimelineOfAClosedDossier(JsonElement view)
    {
        string[] expected =
        [
            "submitted", "validation:eligible", "jury:opened", "jury:scored", "jury-opinion:favourable", "cp:granted",
            "started", "instalment-1-released", "bilan:submitted", "bilan-validation:accepted", "instalment-2-released", "closed",
        ];
        var events = AmiSite.Events(view).Where(e => e != "bilan:due").ToList();
        Assert.Equal(expected, events);
        var times = view.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.Order(), times);
    }

    /// <summary>The instalments of the status API, amounts in cents.</summary>
    public static List<(int Number, int Percent, long Cents, string Status)> Instalments(JsonElement view) =>
        [.. view.GetProperty("instalments").EnumerateArray().Select(i => (
            i.GetProperty("number").GetInt32(),
            i.GetProperty("percent").GetInt32(),
            (long)(i.GetProperty("amount").GetDecimal() * 100m),
            i.GetProperty("status").GetString()!))];
}
