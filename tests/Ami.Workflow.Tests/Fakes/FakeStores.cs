using System.Collections.Concurrent;
using Ami.Domain.Campaigns;
using Ami.Domain.Dossiers;
using Ami.Domain.States;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Tests.Fakes;

/// <summary>Dossiers in memory; records every status the dossier went through.</summary>
public sealed class FakeDossierStore : IDossierStore
{
    private readonly ConcurrentDictionary<string, DossierRecord> _records = new();
    private readonly ConcurrentDictionary<string, DossierSubmission> _submissions = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<DossierStatus>> _statuses = new();
    private readonly Lock _gate = new();

    /// <summary>When set, lists never return more than this per page (to exercise continuation).</summary>
    public int? MaxPageSize { get; init; }

    public FakeDossierStore Add(DossierRecord record, DossierSubmission? submission = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        _records[record.DossierId] = record;
        if (submission is not null)
        {
            _submissions[record.DossierId] = submission;
        }

        _statuses.GetOrAdd(record.DossierId, _ => new()).Enqueue(record.Status);
        return this;
    }

    public DossierRecord this[string dossierId] => _records[dossierId];

    /// <summary>Every status written, in order (the first is the seeded one).</summary>
    public IReadOnlyList<DossierStatus> StatusesOf(string dossierId) => [.. _statuses.GetOrAdd(dossierId, _ => new())];

    public Task<DossierRecord?> GetAsync(string dossierId, CancellationToken cancellationToken) =>
        Task.FromResult(_records.TryGetValue(dossierId, out var r) ? r : null);

    public Task<DossierSubmission?> GetSubmissionAsync(string dossierId, CancellationToken cancellationToken) =>
        Task.FromResult(_submissions.TryGetValue(dossierId, out var s) ? s : null);

    public Task<DossierRecord> UpdateAsync(string dossierId, Func<DossierRecord, DossierRecord> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            var before = _records[dossierId];
            var after = change(before);
            _records[dossierId] = after;
            if (after.Status != before.Status)
            {
                _statuses.GetOrAdd(dossierId, _ => new()).Enqueue(after.Status);
            }

            return Task.FromResult(after);
        }
    }

    public Task<DossierPage> ListAsync(string campaignId, DossierStatus? status, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var all = _records.Values
            .Where(r => r.CampaignId == campaignId && (status is null || r.Status == status))
            .OrderBy(r => r.DossierId, StringComparer.Ordinal).ToList();
        var size = Math.Min(pageSize, MaxPageSize ?? int.MaxValue);
        var skip = continuationToken is null ? 0 : int.Parse(continuationToken, System.Globalization.CultureInfo.InvariantCulture);
        var page = all.Skip(skip).Take(size).ToList();
        var next = skip + page.Count < all.Count ? (skip + page.Count).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return Task.FromResult(new DossierPage(page, next));
    }
}

/// <summary>The timeline in memory, appended once per key as the real one.</summary>
public sealed class FakeTimeline : ITimeline
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, TimelineEntry>> _entries = new();

    public int Appends;

    public Task AppendAsync(string dossierId, string key, TimelineEntry entry, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Appends);
        _entries.GetOrAdd(dossierId, _ => new()).TryAdd(key, entry);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<TimelineEntry>> ListAsync(string dossierId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TimelineEntry>>(Events(dossierId));

    public IReadOnlyList<TimelineEntry> Events(string dossierId) =>
        [.. _entries.GetOrAdd(dossierId, _ => new()).OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Value)];
}

public sealed class FakeCampaignStore : ICampaignStore
{
    private readonly ConcurrentDictionary<string, Campaign> _campaigns = new();

    public FakeCampaignStore(params Campaign[] campaigns)
    {
        foreach (var c in campaigns)
        {
            _campaigns[c.Id] = c;
        }
    }

    public Task<Campaign?> GetAsync(string campaignId, CancellationToken cancellationToken) =>
        Task.FromResult(_campaigns.TryGetValue(campaignId, out var c) ? c : null);

    public Task<IReadOnlyList<Campaign>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Campaign>>([.. _campaigns.Values.OrderBy(c => c.Id, StringComparer.Ordinal)]); // by id, as Table storage lists rows

    public Task<bool> UpsertAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var created = !_campaigns.ContainsKey(campaign.Id);
        _campaigns[campaign.Id] = campaign;
        return Task.FromResult(created);
    }
}
