using Ami.Workflow.Configuration;
using Ami.Workflow.Storage;
using Microsoft.Extensions.Logging;

namespace Ami.Workflow.Intake;

/// <summary>
/// The heartbeat of one upload while it runs: every <see cref="UploadOptions.HeartbeatEvery"/> its journal row's
/// <c>AliveAt</c> and, once the upload holds its <c>Idempotency-Key</c>, the claim's lease move forward. A process
/// that is killed stops renewing: after <see cref="UploadOptions.LeaseDuration"/> a retry with the same key takes
/// the claim over (<see cref="DossierIntake"/>) and the staging sweep cleans up the rest (<see cref="StagingSweeper"/>).
/// </summary>
internal sealed class UploadLease : IAsyncDisposable
{
    private readonly BlobStager _stager;
    private readonly UploadJournal _journal;
    private readonly IdempotencyStore _idempotency;
    private readonly UploadOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private IdempotencyRecord? _claim;

    public UploadLease(BlobStager stager, UploadJournal journal, IdempotencyStore idempotency, UploadOptions options, TimeProvider time, ILogger logger)
    {
        _stager = stager;
        _journal = journal;
        _idempotency = idempotency;
        _options = options;
        _time = time;
        _logger = logger;
        _loop = RunAsync();
    }

    /// <summary>The claim was taken over by another request (this upload was taken for dead): it must not commit.</summary>
    public bool Lost { get; private set; }

    /// <summary>The pending claim this upload now holds (renewed from now on).</summary>
    public void Hold(IdempotencyRecord claim) => _claim = claim;

    /// <summary>Renews at once; false when the claim is no longer this upload's.</summary>
    public async Task<bool> RenewAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_stager.JournalStarted)
        {
            await _journal.TouchAsync(_stager.Entry, now, cancellationToken);
        }

        if (!Lost && _claim is { } claim)
        {
            if (await _idempotency.RenewClaimAsync(claim, now + _options.LeaseDuration, cancellationToken) is { } renewed)
            {
                _claim = renewed.Completed ? claim : renewed;
            }
            else
            {
                Lost = true;
            }
        }

        return !Lost;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(_options.HeartbeatEvery, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    await RenewAsync(_stop.Token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A storage hiccup: the next heartbeat tries again (three fit in a lease).
                    _logger.LogWarning(e, "Upload {UploadId} of dossier {DossierId}: heartbeat failed", _stager.Entry.UploadId, _stager.Entry.DossierId);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed: the upload ended.
        }
    }
}
