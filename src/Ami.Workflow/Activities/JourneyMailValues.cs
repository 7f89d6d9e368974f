using System.Globalization;
using System.Text.Json;
using Ami.Domain.Json;
using Ami.Workflow.Actions;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Activities;

/// <summary>
/// The values a journey mail shows (<see cref="Notification.Values"/>), read from the decisions kept in Table
/// and the dossier's jury report: exactly the keys each <see cref="MailKind"/> reads, so the history holds none.
/// </summary>
public sealed class JourneyMailValues(IActionStore actions, IDossierStore dossiers)
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

    public static string Instant(DateTimeOffset instant) => instant.ToString("O", CultureInfo.InvariantCulture);

    public static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public async Task<Dictionary<string, string>> BuildAsync(
        string dossierId,
        MailKind kind,
        DecisionRef? about,
        IReadOnlyDictionary<string, string>? given,
        CancellationToken cancellationToken)
    {
        var values = given is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(given, StringComparer.Ordinal);
        switch (kind)
        {
            case MailKind.ChangesRequested or MailKind.ChangesReminder or MailKind.BilanChangesRequested:
                values[Comment] = (await DecisionAsync(dossierId, about, cancellationToken))?.Comment ?? "";
                break;
            case MailKind.Ineligible when !values.ContainsKey(Reason):
                values[Reason] = (await DecisionAsync(dossierId, about, cancellationToken))?.Comment ?? "";
                break;
            case MailKind.AuditionInvitation:
            {
                var d = await DecisionAsync(dossierId, about, cancellationToken);
                if (d?.Details.AuditionAt is { } at)
                {
                    values[AuditionAt] = Instant(at);
                }

                values[AuditionPlace] = d?.Details.AuditionPlace ?? "";
                break;
            }

            case MailKind.JuryOpinionRequest:
            {
                var report = await JuryAsync(dossierId, cancellationToken);
                if (report is not null)
                {
                    values[Sheets] = report.Sheets.ToString(CultureInfo.InvariantCulture);
                    values[MeanTotal] = Number(report.MeanTotal);
                    values[MinTotal] = Number(report.MinTotal);
                    values[MaxTotal] = Number(report.MaxTotal);
                    values[Divergent] = string.Join(',', report.Divergent);
                    foreach (var (key, mean) in report.Means)
                    {
                        values[MeanPrefix + key] = Number(mean);
                    }
                }

                break;
            }

            case MailKind.CpDecisionRequest:
            {
                var opinion = await DecisionAsync(dossierId, about, cancellationToken);
                if (opinion is not null)
                {
                    values[JuryOpinion] = opinion.Decision;
                    values[ProposedAmount] = (opinion.Details.ProposedAmount ?? Domain.Money.Euros.Zero).ToString();
                    if (!string.IsNullOrWhiteSpace(opinion.Comment))
                    {
                        values[JuryComment] = opinion.Comment;
                    }
                }

                if (await JuryAsync(dossierId, cancellationToken) is { } report)
                {
                    values[MeanTotal] = Number(report.MeanTotal);
                }

                break;
            }

            case MailKind.DecisionGranted or MailKind.DecisionRefused:
            {
                var cp = await DecisionAsync(dossierId, about, cancellationToken);
                var opinion = about is null ? null : await DecisionAsync(dossierId, new DecisionRef(JourneySteps.JuryOpinion, about.Attempt), cancellationToken);
                values[JuryConclusions] = opinion?.Comment ?? "";
                if (cp?.Details.CpDate is { } cpDate)
                {
                    values[CpDate] = cpDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                }

                if (kind == MailKind.DecisionRefused)
                {
                    values[Reason] = cp?.Comment ?? "";
                }

                break;
            }
        }

        return values;
    }

    private Task<StepDecision?> DecisionAsync(string dossierId, DecisionRef? about, CancellationToken cancellationToken) =>
        about is null ? Task.FromResult<StepDecision?>(null) : actions.GetStepDecisionAsync(dossierId, about.Step, about.Attempt, cancellationToken);

    private async Task<JuryReport?> JuryAsync(string dossierId, CancellationToken cancellationToken) =>
        (await dossiers.GetAsync(dossierId, cancellationToken))?.JuryJson is { Length: > 0 } json
            ? JsonSerializer.Deserialize<JuryReport>(json, AmiJson.Options)
            : null;
}
