using System.Collections.Concurrent;
using Ami.Workflow.Digest;
using Ami.Workflow.Mail;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Tests;

internal sealed class FakeJuryProgress : IJuryProgress
{
    public List<(string CampaignId, PendingJurySheet Sheet)> Pending { get; } = [];

    public Task<IReadOnlyList<PendingJurySheet>> ListPendingAsync(string campaignId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PendingJurySheet>>(Pending.Where(p => p.CampaignId == campaignId).Select(p => p.Sheet).ToList());
}

internal sealed class FakeJourneyFailures : IJourneyFailures
{
    public List<FailedJourney> Failed { get; } = [];

    public Task<IReadOnlyList<FailedJourney>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<FailedJourney>>([.. Failed]);
}

internal sealed class FakeLateSubmissionLog : ILateSubmissionLog
{
    private readonly ConcurrentQueue<LateSubmission> _attempts = new();

    public Task<bool> RecordAsync(LateSubmission attempt, CancellationToken cancellationToken)
    {
        _attempts.Enqueue(attempt);
        return Task.FromResult(true);
    }

    public Task<IReadOnlyList<LateSubmission>> ListSinceAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LateSubmission>>(_attempts.Where(a => a.At >= since).OrderBy(a => a.At).ToList());
}

/// <summary>SentMails in memory, with the same pending/sent semantics as the Table.</summary>
internal sealed class InMemorySentMailLog : ISentMailLog
{
    private readonly ConcurrentDictionary<SentMailKey, bool> _rows = new();

    public Task<SentMailState> BeginAsync(SentMailKey key, CancellationToken cancellationToken) =>
        Task.FromResult(_rows.GetOrAdd(key, false) ? SentMailState.AlreadySent : SentMailState.ToSend);

    public Task MarkSentAsync(SentMailKey key, CancellationToken cancellationToken)
    {
        _rows[key] = true;
        return Task.CompletedTask;
    }
}
