using System.Globalization;
using System.Runtime.InteropServices;

namespace Ami.Bench.Intake;

/// <summary>
/// Gives Azurite a core of its own (Linux): in Azure, storage is a service of its own, not a process
/// sharing the app's cores; here, without pinning, whatever CPU the app uses is taken from the emulator
/// that both sides of the comparison write to. Every thread of a process is pinned; threads created later
/// inherit the affinity of the thread that creates them.
/// </summary>
internal static partial class CpuPinning
{
    public static bool IsAvailable => OperatingSystem.IsLinux() && Environment.ProcessorCount is >= 2 and <= 64;

    /// <summary>Azurite on core 0, this process (clients and app) on the others.</summary>
    public static void GiveStorageItsOwnCore(int azuriteProcessId)
    {
        var others = ((Environment.ProcessorCount == 64 ? ulong.MaxValue : (1UL << Environment.ProcessorCount) - 1)) & ~1UL;
        Pin(azuriteProcessId, 1UL);
        Pin(Environment.ProcessId, others);
    }

    private static void Pin(int processId, ulong mask)
    {
        foreach (var task in Directory.EnumerateDirectories($"/proc/{processId}/task"))
        {
            var threadId = int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture);
            if (SchedSetAffinity(threadId, sizeof(ulong), ref mask) != 0 && Marshal.GetLastPInvokeError() != 3 /* ESRCH: the thread has ended */)
            {
                throw new InvalidOperationException($"sched_setaffinity({threadId}) failed: errno {Marshal.GetLastPInvokeError()}");
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static partial int SchedSetAffinity(int pid, nint cpuSetSize, ref ulong mask);
}
