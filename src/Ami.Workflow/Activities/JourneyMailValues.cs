using System.Globalization;
using System.Text.Json;
using Ami.Domain.Json;
using Ami.Workflow.Actions;
using Ami.Workflow.Mail;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Activities;

/// <summary>
/// The values a journey mail shows (<see cref="Notification.Values"/>), read from the decisions kept in Table
/// and the dossier's jury report: exactly the keys each <see cref="MailKind"/> reads, so the history holds none.
/// </summary>
public sealed class JourneyMailValues(IActionStore actions, IDossierStore dossiers)
{
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
                values[MailValues.Comment] = (await DecisionAsync(dossierId, about, cancellationToken))?.Comment ?? "";
                break;
            case MailKind.Ineligible when !values.ContainsKey(MailValues.Reason):
                values[MailValues.Reason] = (await DecisionAsync(dossierId, about, cancellationToken))?.Comment ?? "";
                break;
            case MailKind.AuditionInvitation:
            {
                var d = await DecisionAsync(dossierId, about, cancellationToken);
                if (d?.Details.AuditionAt is { } at)
                {
                    values[MailValues.AuditionAt] = MailValues.Instant(at);
                }

                values[MailValues.AuditionPlace] = d?.Details.AuditionPlace ?? "";
                break;
            }

            case MailKind.JuryOpinionRequest:
            {
                var report = await JuryAsync(dossierId, cancellationToken);
                if (report is not null)
                {
                    values[MailValues.Sheets] = report.Sheets.ToString(CultureInfo.InvariantCulture);
                    values[MailValues.MeanTotal] = MailValues.Number(report.MeanTotal);
                    values[MailValues.MinTotal] = MailValues.Number(report.MinTotal);
                    values[MailValues.MaxTotal] = MailValues.Number(report.MaxTotal);
                    values[MailValues.Divergent] = string.Join(',', report.Divergent);
                    foreach (var (key, mean) in report.Means)
                    {
                        values[MailValues.MeanPrefix + key] = MailValues.Number(mean);
                    }
                }

                break;
            }

            case MailKind.CpDecisionRequest:
            {
                var opinion = await DecisionAsync(dossierId, about, cancellationToken);
                if (opinion is not null)
                {
                    values[MailValues.JuryOpinion] = opinion.Decision;
                    values[MailValues.ProposedAmount] = MailValues.Money(opinion.Details.ProposedAmount ?? Domain.Money.Euros.Zero);
                    if (!string.IsNullOrWhiteSpace(opinion.Comment))
                    {
                        values[MailValues.JuryComment] = opinion.Comment;
                    }
                }

                if (await JuryAsync(dossierId, cancellationToken) is { } report)
                {
                    values[MailValues.MeanTotal] = MailValues.Number(report.MeanTotal);
                }

                break;
            }

            case MailKind.DecisionGranted or MailKind.DecisionRefused:
            {
                var cp = await DecisionAsync(dossierId, about, cancellationToken);
                var opinion = about is null ? null : await DecisionAsync(dossierId, new DecisionRef(JourneySteps.JuryOpinion, about.Attempt), cancellationToken);
                values[MailValues.JuryConclusions] = opinion?.Comment ?? "";
                if (cp?.Details.CpDate is { } cpDate)
                {
                    values[MailValues.CpDate] = MailValues.Day(cpDate);
                }

                if (kind == MailKind.DecisionRefused)
                {
                    values[MailValues.Reason] = cp?.Comment ?? "";
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
