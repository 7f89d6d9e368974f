using System.Collections.Concurrent;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Tests.Fakes;

/// <summary>
/// Records the mails the journey sends, at most once per (dossier, kind, step key, recipient) as the real notifier
/// does; <see cref="Attempts"/> counts every call, <see cref="Sent"/> what would have left. An optional check
/// (the real templates, in the journey tests) refuses a notification the mail could not be written from.
/// </summary>
public sealed class FakeNotifier(Action<Notification>? check = null) : INotifier
{
    private readonly ConcurrentDictionary<string, Notification> _sent = new();
    private readonly ConcurrentQueue<Notification> _order = new();

    public int Attempts;

    /// <summary>Notifications the check refused, with the reason.</summary>
    public ConcurrentQueue<string> Refused { get; } = new();

    public IReadOnlyList<Notification> Sent => [.. _order];

    public IReadOnlyList<Notification> To(string dossierId, MailKind kind, RecipientRole? role = null) =>
        [.. _order.Where(n => n.DossierId == dossierId && n.Kind == kind && (role is null || n.To.Role == role))];

    public Task SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        Interlocked.Increment(ref Attempts);
        try
        {
            check?.Invoke(notification);
        }
        catch (Exception e)
        {
            Refused.Enqueue($"{notification.DossierId} {notification.Kind} to {notification.To.Role}: {e.Message}");
            throw;
        }

        var key = $"{notification.DossierId}|{notification.Kind}|{notification.StepKey}|{notification.To.Role}|{notification.To.Index}";
        if (_sent.TryAdd(key, notification))
        {
            _order.Enqueue(notification);
        }

        return Task.CompletedTask;
    }
}
