using System.Security.Cryptography;
using System.Text;
using Ami.Workflow.Ports;
using Azure;
using Azure.Data.Tables;

namespace Ami.Workflow.Mail;

/// <summary>
/// Identifies one mail: what it is about (a dossier id, or <c>campaign:{id}</c> for the digest), its kind,
/// the step key (<c>validation#1</c>, a Paris day for the digest) and who receives it (a hash of the
/// addresses, never the addresses).
/// </summary>
public sealed record SentMailKey(string Scope, MailKind Kind, string StepKey, string RecipientHash)
{
    public static string HashRecipients(IEnumerable<string> addresses)
    {
        var normalized = string.Join('\n', addresses.Select(a => a.Trim().ToLowerInvariant()).Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));
    }

    /// <summary>Table RowKey: the kind and a hash of step + recipients (Table keys forbid '#', '/', '?', '\').</summary>
    internal string RowKey =>
        $"{Kind}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(StepKey + "\n" + RecipientHash)))}";

    internal string PartitionKey => Uri.EscapeDataString(Scope);
}

/// <summary>Whether a mail must be sent.</summary>
public enum SentMailState
{
    /// <summary>Not sent yet (new, or recorded as pending by an attempt that did not finish): send it.</summary>
    ToSend,

    /// <summary>Already sent: do nothing.</summary>
    AlreadySent,

    /// <summary>
    /// Recorded as pending by an attempt begun less than <see cref="TableSentMailLog.InFlight"/> ago: another attempt may
    /// be sending it right now, or may have stopped. A retried activity sends it (at least once); a notice several
    /// requests may trigger at once (the late-attempt notice) leaves it to the attempt in flight.
    /// </summary>
    InProgress,
}

/// <summary>Remembers which mails were sent, so that a retried activity mails once.</summary>
public interface ISentMailLog
{
    /// <summary>Records <paramref name="key"/> as pending unless it exists; tells whether it was already sent.</summary>
    Task<SentMailState> BeginAsync(SentMailKey key, CancellationToken cancellationToken);

    Task MarkSentAsync(SentMailKey key, CancellationToken cancellationToken);
}

/// <summary>
/// <see cref="ISentMailLog"/> in Table <c>SentMails</c> (PartitionKey = scope, RowKey = kind + hash). The
/// row is inserted as <c>pending</c> before sending (insert-if-absent: 409 means it exists) and set to
/// <c>sent</c> after SendGrid accepted the mail. A <c>pending</c> row found later means an attempt stopped
/// between the two (a crash, or a failed send): the mail is sent again, so delivery is at least once.
/// </summary>
public sealed class TableSentMailLog : ISentMailLog
{
    public const string TableName = "SentMails";
    /// <summary>How long a pending row counts as an attempt in flight (longer than a send, SendGrid's retries included).</summary>
    public static readonly TimeSpan InFlight = TimeSpan.FromMinutes(2);

    private const string Pending = "pending";
    private const string Sent = "sent";

    private readonly TableClient _table;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _createLock = new(1, 1);
    private volatile bool _created;

    public TableSentMailLog(TableServiceClient service, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(service);
        _table = service.GetTableClient(TableName);
        _time = time;
    }

    public async Task<SentMailState> BeginAsync(SentMailKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await EnsureTableAsync(cancellationToken);
        var entity = new TableEntity(key.PartitionKey, key.RowKey)
        {
            ["Kind"] = key.Kind.ToString(),
            ["StepKey"] = key.StepKey,
            ["State"] = Pending,
            ["FirstAttemptAt"] = _time.GetUtcNow(),
        };
        try
        {
            await _table.AddEntityAsync(entity, cancellationToken);
            return SentMailState.ToSend;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = (await _table.GetEntityAsync<TableEntity>(key.PartitionKey, key.RowKey, ["State", "FirstAttemptAt"], cancellationToken)).Value;
            return existing.GetString("State") == Sent ? SentMailState.AlreadySent
                : existing.GetDateTimeOffset("FirstAttemptAt") is { } first && _time.GetUtcNow() - first < InFlight ? SentMailState.InProgress
                : SentMailState.ToSend;
        }
    }

    public async Task MarkSentAsync(SentMailKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var entity = new TableEntity(key.PartitionKey, key.RowKey)
        {
            ["State"] = Sent,
            ["SentAt"] = _time.GetUtcNow(),
        };
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
    }

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await _createLock.WaitAsync(cancellationToken);
        try
        {
            if (!_created)
            {
                await _table.CreateIfNotExistsAsync(cancellationToken);
                _created = true;
            }
        }
        finally
        {
            _createLock.Release();
        }
    }
}
