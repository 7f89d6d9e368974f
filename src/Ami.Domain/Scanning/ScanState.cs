namespace Ami.Domain.Scanning;

/// <summary>
/// The antivirus state of one uploaded file. A file starts <see cref="Pending"/>; the scanner's answer makes it
/// <see cref="Safe"/>, <see cref="Infected"/> or <see cref="Failed"/> (the scanner answered but could not scan it:
/// too large, unreadable). A scan without an answer leaves it pending and is retried.
/// </summary>
public enum ScanState
{
    Pending,
    Safe,
    Infected,
    Failed,
}

/// <summary>What the antivirus state of files allows: the call's rule is that nobody but the holder opens a file not known to be safe.</summary>
public static class AttachmentScanRules
{
    /// <summary>Whether staff, jurors and the finance service may get a download link to the file.</summary>
    public static bool MayBeOpenedByOthers(ScanState state) => state == ScanState.Safe;

    /// <summary>Whether the jury may be invited to a dossier holding these files: every file is safe.</summary>
    public static bool ReadyForJury(IEnumerable<ScanState> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        return states.All(s => s == ScanState.Safe);
    }

    /// <summary>The worst state of a dossier's files, for staff lists: infected, then failed, then pending, else safe.</summary>
    public static ScanState Worst(IEnumerable<ScanState> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        var all = states.ToList();
        return all.Contains(ScanState.Infected) ? ScanState.Infected
            : all.Contains(ScanState.Failed) ? ScanState.Failed
            : all.Contains(ScanState.Pending) ? ScanState.Pending
            : ScanState.Safe;
    }

    /// <summary>
    /// The wait before scan attempt <paramref name="attempt"/> + 1 when attempt <paramref name="attempt"/> (1-based) had
    /// no answer: <paramref name="first"/>, doubled at each attempt, never more than <paramref name="max"/>.
    /// </summary>
    public static TimeSpan RetryDelay(int attempt, TimeSpan first, TimeSpan max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(first, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, first);
        var factor = Math.Pow(2, Math.Min(attempt - 1, 30));
        var ticks = first.Ticks * factor;
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The state in French, as pages and mails show it.</summary>
    public static string ToFrench(this ScanState state) => state switch
    {
        ScanState.Pending => "analyse antivirus en cours",
        ScanState.Safe => "analysé, sain",
        ScanState.Infected => "infecté : à remplacer",
        ScanState.Failed => "analyse impossible",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}
