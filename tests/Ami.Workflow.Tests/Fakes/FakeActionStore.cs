using System.Globalization;
using Ami.Workflow.Actions;

namespace Ami.Workflow.Tests.Fakes;

/// <summary>
/// <see cref="IActionStore"/> in memory with the Table semantics the journey relies on: insert-if-absent
/// and ETag-conditional updates (a version counter).
/// </summary>
public sealed class FakeActionStore : IActionStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string, string), ActionRecord> _links = [];
    private readonly Dictionary<(string, string), StepDecision> _decisions = [];
    private long _version;

    public Task IssueAsync(ActionGrant grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        lock (_gate)
        {
            _links.TryAdd(
                (grant.DossierId, ActionKeys.Link(grant.Step, grant.Attempt, grant.Actor)),
                new ActionRecord { Grant = grant, Status = ActionLinkStatus.Pending, ETag = NextETag() });
        }

        return Task.CompletedTask;
    }

    public Task<ActionRecord?> GetAsync(string dossierId, string step, int attempt, string actor, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_links.TryGetValue((dossierId, ActionKeys.Link(step, attempt, actor)), out var r) ? r : null);
        }
    }

    public Task<IReadOnlyList<ActionRecord>> ListAsync(string dossierId, string step, int attempt, CancellationToken cancellationToken)
    {
        var prefix = ActionKeys.Step(step, attempt) + ":";
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<ActionRecord>>(
                [.. _links.Where(kv => kv.Key.Item1 == dossierId && kv.Key.Item2.StartsWith(prefix, StringComparison.Ordinal)).Select(kv => kv.Value)]);
        }
    }

    public Task<bool> TryMarkAsync(ActionRecord record, ActionLinkStatus status, StepDecision? decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var key = (record.Grant.DossierId, ActionKeys.Link(record.Grant.Step, record.Grant.Attempt, record.Grant.Actor));
        lock (_gate)
        {
            if (!_links.TryGetValue(key, out var current) || current.ETag != record.ETag)
            {
                return Task.FromResult(false);
            }

            _links[key] = current with { Status = status, Decision = decision ?? current.Decision, ETag = NextETag() };
            return Task.FromResult(true);
        }
    }

    public Task<bool> TryDecideStepAsync(StepDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        lock (_gate)
        {
            return Task.FromResult(_decisions.TryAdd((decision.DossierId, ActionKeys.Step(decision.Step, decision.Attempt)), decision));
        }
    }

    public Task<StepDecision?> GetStepDecisionAsync(string dossierId, string step, int attempt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_decisions.TryGetValue((dossierId, ActionKeys.Step(step, attempt)), out var d) ? d : null);
        }
    }

    public Task<int> CancelPendingAsync(string dossierId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var pending = _links.Where(kv => kv.Key.Item1 == dossierId && kv.Value.Status == ActionLinkStatus.Pending).ToList();
            foreach (var (key, record) in pending)
            {
                _links[key] = record with { Status = ActionLinkStatus.Cancelled, ETag = NextETag() };
            }

            return Task.FromResult(pending.Count);
        }
    }

    private string NextETag() => (++_version).ToString(CultureInfo.InvariantCulture);
}
