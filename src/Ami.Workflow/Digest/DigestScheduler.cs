using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ami.Workflow.Digest;

/// <summary>
/// Runs <see cref="StaffDigestJob"/> every day at 08:00 Paris time in a host without the Functions timer
/// (the local host). Sleeps on the injected <see cref="TimeProvider"/> until the next 08:00 Paris; a failed
/// run is logged and the next day's run goes ahead.
/// </summary>
public sealed class DigestScheduler(IServiceScopeFactory scopes, TimeProvider time, ILogger<DigestScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = StaffDigestJob.NextRunAfter(time.GetUtcNow());
            logger.LogInformation("Staff digest: next run at {Next:O}", next);
            try
            {
                // A timer may wake a little early: sleep again until the instant is really reached.
                for (var now = time.GetUtcNow(); now < next; now = time.GetUtcNow())
                {
                    await Task.Delay(next - now, time, stoppingToken);
                }

                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<StaffDigestJob>().RunAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Staff digest run failed");
            }
        }
    }
}
