using Ami.Workflow.Ports;
using static Ami.Workflow.Orchestrations.JourneyDecisions;

namespace Ami.Workflow.Orchestrations;

/// <summary>
/// 1.3: the jury of a dossier when the jurors work on the whole call from their workspace (<c>/jury/{token}</c>).
/// The journey issues each juror's <c>jury-score</c> link without mailing it, sends no per-dossier reminder nor
/// escalation (the campaign's calendar mails each juror once, reminds each once per date and alerts staff once),
/// and keeps deciding for the dossier: the phase ends when every juror answered or when the jury is due, provided
/// there are at least two sheets; fewer, the jury stays open (also to jurors added meanwhile) and the journey looks
/// again every reminder period for a sheet whose event was lost. The links still pending at the end are voided.
/// </summary>
public static partial class DossierJourney
{
    private static async Task<bool> RunCampaignWideJuryAsync(JourneyRun j)
    {
        const int MinimumSheets = 2;
        const int attempt = 1;
        var stepKey = JourneyRun.StepKey(JourneySteps.JuryScore, attempt);
        var answers = new Dictionary<int, string>();
        var invited = j.Plan.JurorCount;
        var sent = await j.SendLinksAsync(JourneySteps.JuryScore, attempt, MailKind.JuryInvitation, stepKey, JourneyRun.Jurors(0, invited), until: j.Plan.JuryDueAt, quiet: true, alsoAccepted: JourneyEvents.CampaignChanged);
        Merge(sent.Recorded);
        DateTimeOffset? lookAgainAt = null;

        while (true)
        {
            var sheets = answers.Values.Count(a => a == Scored);
            var allAnswered = Enumerable.Range(0, invited).All(answers.ContainsKey);
            var due = j.Plan.JuryDueAt;
            if (sheets >= MinimumSheets && (allAnswered || j.Clock >= due))
            {
                break;
            }

            var shortOfSheets = allAnswered || j.Clock >= due;
            if (shortOfSheets && lookAgainAt is { } at && j.Clock >= at)
            {
                // Short of sheets: the decisions recorded while their event was lost are picked up (no mail).
                sent = await j.SendLinksAsync(JourneySteps.JuryScore, attempt, MailKind.JuryReminder, JourneyRun.ReminderKey(stepKey + ":look-again", at), JourneyRun.Jurors(0, invited), onlyPending: true, until: due, quiet: true, alsoAccepted: JourneyEvents.CampaignChanged);
                Merge(sent.Recorded);
                lookAgainAt = null;
                continue;
            }

            if (shortOfSheets)
            {
                lookAgainAt ??= j.Plan.Schedule.StaffReminderEvery.AddTo(j.Clock);
            }

            var fireAt = shortOfSheets ? lookAgainAt!.Value : due;
            var arrival = await j.WaitAsync(JourneySteps.JuryScore, attempt, due, fireAt, JourneyEvents.ActionDecided, JourneyEvents.CampaignChanged);
            switch (arrival)
            {
                case JourneyEvents.Withdrawn:
                    return false;
                case JourneyEvents.ActionDecided:
                    await TakeSheetAsync(j, attempt, answers);
                    break;
                case JourneyEvents.CampaignChanged:
                    await j.TakeAsync<JourneySignal>(arrival);
                    await j.LoadPlanAsync();
                    if (j.Plan.JurorCount > invited)
                    {
                        sent = await j.SendLinksAsync(JourneySteps.JuryScore, attempt, MailKind.JuryInvitation, $"{stepKey}:from-{Invariant(invited)}", JourneyRun.Jurors(invited, j.Plan.JurorCount), until: j.Plan.JuryDueAt, quiet: true, alsoAccepted: JourneyEvents.CampaignChanged);
                        invited = j.Plan.JurorCount;
                        Merge(sent.Recorded);
                    }

                    break;
            }
        }

        // The jurors who did not answer can no longer score this dossier: their links are voided.
        j.SetBusy();
        await j.VoidPendingLinksAsync();
        return true;

        void Merge(IReadOnlyList<ActionDecision> recorded)
        {
            foreach (var d in recorded)
            {
                if (JourneyRun.Matches(d, JourneySteps.JuryScore, attempt) && JurorIndex(d.Actor) is { } i)
                {
                    answers.TryAdd(i, d.Decision);
                }
            }
        }
    }
}
