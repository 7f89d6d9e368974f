using System.Globalization;
using Ami.Domain.Money;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Mail;

/// <summary>How a value of <see cref="Notification.Values"/> is written and shown.</summary>
public enum MailInputType
{
    /// <summary>Free text (a staff comment, a place): shown as written, HTML-escaped in the HTML part.</summary>
    Text,

    /// <summary>An instant, ISO 8601 with offset (<see cref="MailValues.Instant"/>): shown as Paris date and time.</summary>
    Instant,

    /// <summary>A calendar day, <c>yyyy-MM-dd</c>: shown as <c>29 mai 2015</c>.</summary>
    Date,

    /// <summary>Euros, invariant decimal with at most two decimals (<see cref="MailValues.Amount"/>): shown as <c>28 000,00 €</c>.</summary>
    Amount,

    /// <summary>A whole number.</summary>
    Integer,

    /// <summary>A decimal number (a mean score), invariant: shown with two decimals in French.</summary>
    Decimal,

    /// <summary>The token of a signed action link: shown as <c>{PublicBaseUrl}/api/actions/{token}</c> (model name <c>actionUrl</c>).</summary>
    ActionToken,

    /// <summary><c>favourable</c> or <c>unfavourable</c>.</summary>
    Opinion,

    /// <summary>A journey step (<c>validation</c>, <c>audition</c>, <c>bilan-validation</c>, <c>start</c>…).</summary>
    Step,

    /// <summary>Comma-separated score criterion keys (may be empty).</summary>
    CriterionKeys,
}

/// <summary>One value a mail kind reads from <see cref="Notification.Values"/>.</summary>
public sealed record MailInput(string Key, MailInputType Type, bool Required = true);

/// <summary>
/// The contract between the journey and the mails: the keys of <see cref="Notification.Values"/> each
/// <see cref="MailKind"/> needs (everything else comes from the dossier and its campaign), and helpers
/// that write values in the expected form. A missing required key, an unknown key or a badly written
/// value makes <see cref="INotifier.SendAsync"/> throw <see cref="MailTemplateException"/> (no mail sent).
/// </summary>
public static class MailValues
{
    public const string ActionToken = "actionToken";
    public const string Comment = "comment";
    public const string Reason = "reason";
    public const string AuditionAt = "auditionAt";
    public const string AuditionPlace = "auditionPlace";
    public const string DueAt = "dueAt";
    public const string Sheets = "sheets";
    public const string MeanTotal = "meanTotal";
    public const string MinTotal = "minTotal";
    public const string MaxTotal = "maxTotal";

    /// <summary>Prefix of a criterion's mean: <c>mean:beneficiaries</c>.</summary>
    public const string MeanPrefix = "mean:";

    public const string Divergent = "divergent";
    public const string JuryOpinion = "juryOpinion";
    public const string ProposedAmount = "proposedAmount";
    public const string JuryComment = "juryComment";
    public const string JuryConclusions = "juryConclusions";
    public const string CpDate = "cpDate";
    public const string Instalment = "instalment";
    public const string Amount = "amount";
    public const string Step = "step";
    public const string WaitingSince = "waitingSince";

    /// <summary>File names (as the holder named them), comma-separated.</summary>
    public const string Files = "files";

    /// <summary>An antivirus state in French (<c>infecté : à remplacer</c>).</summary>
    public const string ScanResult = "scanResult";

    /// <summary>Writes an instant for <see cref="MailInputType.Instant"/>.</summary>
    public static string Instant(DateTimeOffset instant) => instant.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Writes a day for <see cref="MailInputType.Date"/>.</summary>
    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Writes euros for <see cref="MailInputType.Amount"/>.</summary>
    public static string Money(Euros amount) => amount.ToString();

    /// <summary>Writes a number for <see cref="MailInputType.Decimal"/>.</summary>
    public static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The jury's aggregated scores as <see cref="MailKind.JuryOpinionRequest"/> reads them (merge with the
    /// action token): <see cref="Sheets"/>, the totals, one <c>mean:{criterion key}</c> per criterion of the
    /// grid and the <see cref="Divergent"/> criterion keys.
    /// </summary>
    public static Dictionary<string, string> JuryScores(
        int sheets,
        decimal meanTotal,
        decimal minTotal,
        decimal maxTotal,
        IReadOnlyDictionary<string, decimal> criterionMeans,
        IEnumerable<string> divergentCriteria)
    {
        ArgumentNullException.ThrowIfNull(criterionMeans);
        ArgumentNullException.ThrowIfNull(divergentCriteria);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Sheets] = sheets.ToString(CultureInfo.InvariantCulture),
            [MeanTotal] = Number(meanTotal),
            [MinTotal] = Number(minTotal),
            [MaxTotal] = Number(maxTotal),
            [Divergent] = string.Join(',', divergentCriteria),
        };
        foreach (var (key, mean) in criterionMeans)
        {
            values[MeanPrefix + key] = Number(mean);
        }

        return values;
    }

    /// <summary>The values <paramref name="kind"/> reads (criterion means of the jury-opinion request excluded: see <see cref="MeanPrefix"/>).</summary>
    public static IReadOnlyList<MailInput> InputsOf(MailKind kind) => kind switch
    {
        MailKind.ChangesRequested or MailKind.ChangesReminder or MailKind.BilanChangesRequested =>
            [new(Comment, MailInputType.Text)],
        MailKind.Ineligible => [new(Reason, MailInputType.Text)],
        MailKind.AuditionInvitation => [new(AuditionAt, MailInputType.Instant), new(AuditionPlace, MailInputType.Text)],
        MailKind.JuryInvitation or MailKind.JuryReminder =>
            [new(ActionToken, MailInputType.ActionToken), new(DueAt, MailInputType.Instant)],
        MailKind.JuryEscalation => [new(Sheets, MailInputType.Integer), new(DueAt, MailInputType.Instant)],
        MailKind.JuryOpinionRequest =>
        [
            new(ActionToken, MailInputType.ActionToken), new(Sheets, MailInputType.Integer),
            new(MeanTotal, MailInputType.Decimal), new(MinTotal, MailInputType.Decimal), new(MaxTotal, MailInputType.Decimal),
            new(Divergent, MailInputType.CriterionKeys, Required: false),
        ],
        MailKind.CpDecisionRequest =>
        [
            new(ActionToken, MailInputType.ActionToken), new(JuryOpinion, MailInputType.Opinion),
            new(ProposedAmount, MailInputType.Amount), new(MeanTotal, MailInputType.Decimal),
            new(JuryComment, MailInputType.Text, Required: false),
        ],
        MailKind.DecisionGranted => [new(JuryConclusions, MailInputType.Text), new(CpDate, MailInputType.Date)],
        MailKind.DecisionRefused =>
            [new(JuryConclusions, MailInputType.Text), new(Reason, MailInputType.Text), new(CpDate, MailInputType.Date)],
        MailKind.PaymentOrder => [new(Instalment, MailInputType.Integer), new(Amount, MailInputType.Amount)],
        MailKind.StaffReminder =>
        [
            new(Step, MailInputType.Step), new(WaitingSince, MailInputType.Instant),
            new(ActionToken, MailInputType.ActionToken, Required: false),
        ],
        MailKind.AttachmentRejected => [new(Files, MailInputType.Text), new(ScanResult, MailInputType.Text)],
        MailKind.AttachmentScanStuck => [new(Files, MailInputType.Text)],

        // Any other step's link mail (validation, audition, bilan validation, a step added to the catalog): its link only.
        _ when Steps.StepCatalog.All.Any(s => s.Request == kind) => [new(ActionToken, MailInputType.ActionToken)],
        _ => [],
    };
}
