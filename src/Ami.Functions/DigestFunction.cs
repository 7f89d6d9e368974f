using Ami.Workflow.Digest;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Ami.Functions;

/// <summary>
/// The staff's daily digest. The schedule comes from the app setting <c>DIGEST_SCHEDULE</c>
/// (<c>0 0 6,7 * * *</c>: 06:00 and 07:00 UTC, one of which is 08:00 in Paris whatever the season);
/// the job itself runs only in the 08:00 Paris hour and mails each campaign once a day (failed journeys included).
/// </summary>
public sealed class DigestFunction(StaffDigestJob job)
{
    [Function("StaffDigest")]
    public async Task Run([TimerTrigger("%DIGEST_SCHEDULE%")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        await job.RunAsync(new DurableJourneyFailures(client), cancellationToken);
    }
}
