using System.Collections.Concurrent;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;
using Ami.Workflow.Tests.Journey;
using Ami.Workflow.Workspaces;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ami.Workflow.Tests.Workspaces;

/// <summary>
/// A CP session on the real engine: interrupted while its decisions are being recorded (storage fails on the second
/// dossier), the next submission resumes the session's own decisions, whatever it posts; each dossier is decided once and
/// each holder told once; the session submitted again does nothing; another session cannot decide them again.
/// </summary>
public sealed class CpSessionResumeTests(JourneyHost host) : IClassFixture<JourneyHost>
{
    [Fact]
    public async Task Session_InterruptedWhileRecording_ResumesOnTheNextSubmission_EachDossierDecidedOnce()
    {
        var campaign = host.Campaign(TimeSpan.FromSeconds(3));
        var granted = await host.FileAsync(campaign);
        var refused = await host.FileAsync(campaign);
        foreach (var dossier in new[] { granted, refused })
        {
            await host.ToJuryAsync(dossier);
            for (var juror = 0; juror < 3; juror++)
            {
                await host.DecideStepAsync(dossier.Id, JourneySteps.JuryScore, RecipientRole.Juror, Bodies.Scored(2), index: juror);
            }

            await host.DecideStepAsync(dossier.Id, JourneySteps.JuryOpinion, RecipientRole.JuryPresident, Bodies.Favourable(20000m));
            await host.StepAsync(dossier.Id, JourneySteps.CpDecision);
        }

        var store = new FlakySessionStore { FailOnceClaimOf = refused.Id };
        var sessions = new CpSessions(new WorkspaceDossiers(host.Dossiers, host.Campaigns, host.Actions), store, host.ActionService, TimeProvider.System, NullLogger<CpSessions>.Instance);
        var session = await sessions.OpenAsync(campaign.Id, new DateOnly(2015, 11, 20), "form-1", CancellationToken.None);
        Assert.Equal(session, await sessions.OpenAsync(campaign.Id, new DateOnly(2015, 11, 20), "form-1", CancellationToken.None));
        CpEntry[] entries =
        [
            new(1, null, granted.Id, JourneyDecisions.Granted, "19 999,99", null),
            new(2, null, refused.Id, JourneyDecisions.Refused, null, "Hors du champ de l'appel."),
        ];

        await Assert.ThrowsAsync<IOException>(() => sessions.SubmitAsync(campaign.Id, session.SessionId, entries, host.Client, CancellationToken.None));
        Assert.Equal(CpSessionState.Submitting, (await store.GetAsync(campaign.Id, session.SessionId, CancellationToken.None))!.State);

        // Submitted again (the person retries): the session's own decisions are resumed, not what is posted now.
        var resumed = await sessions.SubmitAsync(campaign.Id, session.SessionId, [], host.Client, CancellationToken.None);
        Assert.Equal(WorkspaceOutcome.Recorded, resumed.Outcome);
        Assert.Equal(2, resumed.Recorded.Count);
        Assert.Equal("refused", (await host.OutcomeAsync(refused.Id)).Status);
        await host.StepAsync(granted.Id, JourneySteps.Start);
        Assert.Equal(19_999_99, host.Dossiers[granted.Id].GrantedAmount!.Value.Cents);

        var again = await sessions.SubmitAsync(campaign.Id, session.SessionId, entries, host.Client, CancellationToken.None);
        Assert.Equal(WorkspaceOutcome.Already, again.Outcome);
        var other = await sessions.OpenAsync(campaign.Id, new DateOnly(2015, 11, 27), "form-2", CancellationToken.None);
        var late = await sessions.SubmitAsync(campaign.Id, other.SessionId, entries, host.Client, CancellationToken.None);
        Assert.Equal(WorkspaceOutcome.Invalid, late.Outcome);
        Assert.Equal(["unknown-reference", "unknown-reference"], late.RowErrors.Values.Select(e => Assert.Single(e).Code));

        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(host.Notifier.To(granted.Id, MailKind.DecisionGranted, RecipientRole.Holder));
        Assert.Single(host.Notifier.To(refused.Id, MailKind.DecisionRefused, RecipientRole.Holder));
        Assert.Equal("Hors du champ de l'appel.", (await host.Actions.GetStepDecisionAsync(refused.Id, JourneySteps.CpDecision, 1, CancellationToken.None))!.Comment);
    }

    /// <summary>Sessions in memory, whose claim of one dossier fails once (storage down in the middle of a submission).</summary>
    private sealed class FlakySessionStore : ICpSessionStore
    {
        private readonly ConcurrentDictionary<(string, string), CpSession> _sessions = new();
        private readonly ConcurrentDictionary<(string, string), string> _claims = new();
        private int _etag;

        public string? FailOnceClaimOf { get; set; }

        public Task<CpSession> OpenAsync(CpSession session, CancellationToken cancellationToken) =>
            Task.FromResult(_sessions.GetOrAdd((session.CampaignId, session.SessionId), _ => session with { ETag = Next() }));

        public Task<CpSession?> GetAsync(string campaignId, string sessionId, CancellationToken cancellationToken) =>
            Task.FromResult(_sessions.TryGetValue((campaignId, sessionId), out var s) ? s : null);

        public Task<IReadOnlyList<CpSession>> ListAsync(string campaignId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<CpSession>>([.. _sessions.Values.Where(s => s.CampaignId == campaignId)]);

        public Task<bool> TryUpdateAsync(CpSession session, CancellationToken cancellationToken)
        {
            var key = (session.CampaignId, session.SessionId);
            return Task.FromResult(_sessions.TryGetValue(key, out var stored) && stored.ETag == session.ETag && _sessions.TryUpdate(key, session with { ETag = Next() }, stored));
        }

        public Task<string> ClaimAsync(string campaignId, string dossierId, string sessionId, CancellationToken cancellationToken)
        {
            if (dossierId == FailOnceClaimOf)
            {
                FailOnceClaimOf = null;
                throw new IOException("storage unavailable");
            }

            return Task.FromResult(_claims.GetOrAdd((campaignId, dossierId), sessionId));
        }

        private string Next() => Interlocked.Increment(ref _etag).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
