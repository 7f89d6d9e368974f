using System.Diagnostics;
using System.Globalization;

namespace Ami.LocalHost.Tests.EndToEnd;

/// <summary>Bounded polling over HTTP: what was waited for and the last thing seen are in the failure.</summary>
internal static class Eventually
{
    /// <summary>
    /// How long one step of a journey may take on a loaded 2-core machine (a mail, a status change): generous,
    /// because every other test suite may run at the same time, and bounded, so a stuck journey fails.
    /// </summary>
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);

    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Calls <paramref name="probe"/> until it says done, at most <paramref name="timeout"/>; a transport error
    /// (the host still starting, a timeout) counts as "not yet".
    /// </summary>
    /// <param name="what">What is waited for, in words: it starts the failure message.</param>
    /// <param name="context">More to print on failure (e.g. the end of the host's output).</param>
    public static async Task<T> GetAsync<T>(string what, Func<Task<(bool Done, T Value, string State)>> probe, TimeSpan? timeout = null, Func<string>? context = null)
    {
        var limit = timeout ?? StepTimeout;
        var watch = Stopwatch.StartNew();
        var state = "nothing yet";
        while (true)
        {
            try
            {
                var (done, value, seen) = await probe();
                state = seen;
                if (done)
                {
                    return value;
                }
            }
            catch (HttpRequestException e)
            {
                state = "HTTP failure: " + e.Message;
            }
            catch (TaskCanceledException)
            {
                state = "HTTP request timed out";
            }

            if (watch.Elapsed > limit)
            {
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture,
                    $"Waited {limit.TotalSeconds:0} s for {what}; last seen: {state}{(context is null ? "" : "\n" + context())}"));
            }

            await Task.Delay(PollInterval);
        }
    }
}
