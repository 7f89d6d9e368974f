using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ami.Domain.Json;
using Ami.Domain.Campaigns;
using Ami.Domain.States;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;
using Ami.Workflow.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Ami.Workflow.Http;

/// <summary>The staff campaign routes (function key), host-agnostic.</summary>
public sealed class CampaignHandlers(TableCampaignStore store, IDossierStore dossiers, IDraftStore drafts, ILogger<CampaignHandlers> logger, Microsoft.Extensions.Options.IOptions<Configuration.JourneyOptions>? journeyOptions = null)
{
    private const int MaxBodyBytes = 256 * 1024;

    /// <summary>
    /// <c>POST /api/campaigns</c>: 201 when created, 200 when an existing campaign is replaced; every error
    /// of the campaign at once (400). While dossiers of the campaign are in flight (filed, not ended), only the
    /// fields of <see cref="CampaignChanges.ChangeableInFlight"/> may change: any other change is refused (409
    /// <c>campaign-in-flight</c>, every refused field listed) and nothing is stored. When a replacement changes
    /// the campaign (its deadline, but also its people or durations), every journey of the campaign waiting for it
    /// gets <see cref="JourneyEvents.CampaignChanged"/>.
    /// </summary>
    public async Task<IResult> UpsertAsync(HttpRequest request, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var cancellationToken = request.HttpContext.RequestAborted;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) || !mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.JsonExpected();
        }

        string? json;
        try
        {
            json = await ReadBodyAsync(request.Body, cancellationToken);
        }
        catch (Exception e) when (Problems.IsUnreadableBody(e))
        {
            return Problems.MalformedBody();
        }

        if (json is null)
        {
            return Problems.TooLarge("campaign-too-large", "Une campagne fait au plus 256 Ko.");
        }

        var (campaign, errors, created, inFlight) = await SaveAsync(json, client, cancellationToken);
        if (campaign is null)
        {
            return inFlight > 0 ? Problems.CampaignInFlight(errors, inFlight) : Problems.CampaignValidation(errors);
        }

        return new ApiJsonResult(campaign, created ? StatusCodes.Status201Created : StatusCodes.Status200OK,
            new Dictionary<string, string> { ["Location"] = "/api/campaigns/" + Uri.EscapeDataString(campaign.Id) });
    }

    /// <summary>
    /// Checks and stores a campaign (the API's POST and the staff's campaign page both come here): every error at once,
    /// nothing stored when there is one; when it replaces a different campaign, the waiting journeys are told.
    /// <c>InFlight</c> &gt; 0 when the errors are fields locked by that many dossiers in flight.
    /// </summary>
    public async Task<(Campaign? Campaign, IReadOnlyList<Ami.Domain.Validation.FieldError> Errors, bool Created, int InFlight)> SaveAsync(string json, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var (campaign, errors) = CampaignJson.Parse(json);
        if (campaign is null)
        {
            return (null, errors, false, 0);
        }

        var previous = await store.GetAsync(campaign.Id, cancellationToken);
        if (previous is not null && CampaignJson.Serialize(previous) != CampaignJson.Serialize(campaign))
        {
            var inFlight = await CountInFlightAsync(campaign.Id, cancellationToken);
            var refused = inFlight > 0 ? CampaignChanges.RefusedInFlight(previous, campaign, inFlight) : [];
            if (refused.Count > 0)
            {
                logger.LogInformation("Campaign {CampaignId}: change refused, {Count} field(s) locked by {InFlight} dossier(s) in flight", campaign.Id, refused.Count, inFlight);
                return (null, refused, false, inFlight);
            }
        }

        var created = await store.UpsertAsync(campaign, CancellationToken.None);
        if (previous is not null && CampaignJson.Serialize(previous) != CampaignJson.Serialize(campaign))
        {
            // The calendar first (one event): a moved close must not wait for every journey to be told.
            await Workspaces.CalendarClient.RaiseCalendarEventAsync(client, campaign.Id, Workspaces.CampaignEvents.CampaignChanged, logger, CancellationToken.None);
            var told = await NotifyCampaignChangedAsync(campaign.Id, client);
            logger.LogInformation("Campaign {CampaignId} changed: {Count} waiting journey(s) told", campaign.Id, told);
        }

        // The campaign's calendar: the campaign-wide mails (jurors, president, CP), one per person (journeys of 1.3 and later).
        if ((journeyOptions?.Value ?? new Configuration.JourneyOptions()).CampaignWide)
        {
            await Workspaces.CalendarClient.StartCampaignCalendarAsync(client, campaign.Id, CancellationToken.None);
        }

        return (campaign, [], created, 0);
    }

    /// <summary><c>GET /api/campaigns/{campaignId}</c>.</summary>
    public async Task<IResult> GetAsync(HttpRequest request, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var campaign = await store.GetAsync(campaignId, request.HttpContext.RequestAborted);
        if (campaign is null)
        {
            return Problems.CampaignNotFound();
        }

        // The campaign, and for staff the count of its drafts (read-only: ignored when the campaign is posted back).
        var count = await drafts.CountAsync(campaign.Id, request.HttpContext.RequestAborted);
        var json = JsonSerializer.SerializeToNode(campaign, AmiJson.Options)!.AsObject();
        json[CampaignJson.DraftsMember] = new JsonObject { ["unfinished"] = count.Unfinished, ["filed"] = count.Filed };
        return new ApiJsonResult(json, StatusCodes.Status200OK);
    }

    /// <summary><c>GET /api/campaigns</c>.</summary>
    public async Task<IResult> ListAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var list = await store.ListAsync(request.HttpContext.RequestAborted);
        return new ApiJsonResult(list.OrderBy(c => c.OpensAt).ToArray(), StatusCodes.Status200OK);
    }

    /// <summary>
    /// Raises <see cref="JourneyEvents.CampaignChanged"/> on every dossier of the campaign whose journey is
    /// running and accepts that event now (its published status): never on a finished dossier, never as a
    /// stale event that a later wait would take by mistake. The journeys re-read the campaign. A dossier
    /// whose journey cannot be reached is logged and skipped (the others are still told).
    /// </summary>
    private async Task<int> NotifyCampaignChangedAsync(string campaignId, DurableTaskClient client)
    {
        var told = 0;
        string? continuation = null;
        do
        {
            var page = await dossiers.ListAsync(campaignId, null, 200, continuation, CancellationToken.None);
            foreach (var dossier in page.Items.Where(d => !DossierTransitions.IsTerminal(d.Status)))
            {
                try
                {
                    // Settled: a journey busy a moment (mailing the holder just before it waits for the close) is told too.
                    if (await client.GetSettledJourneyStatusAsync(dossier.DossierId, s => s.Allows(JourneyEvents.CampaignChanged), CancellationToken.None) is { } status
                        && status.Allows(JourneyEvents.CampaignChanged))
                    {
                        await client.RaiseEventAsync(dossier.DossierId, JourneyEvents.CampaignChanged, new JourneySignal("staff"), CancellationToken.None);
                        told++;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Campaign change not signalled to dossier {DossierId}", dossier.DossierId);
                }
            }

            continuation = page.ContinuationToken;
        }
        while (continuation is not null);

        return told;
    }

    /// <summary>The campaign's dossiers filed and not ended (any status but ineligible, refused, closed, withdrawn).</summary>
    private async Task<int> CountInFlightAsync(string campaignId, CancellationToken cancellationToken)
    {
        var count = 0;
        string? continuation = null;
        do
        {
            var page = await dossiers.ListAsync(campaignId, null, 200, continuation, cancellationToken);
            count += page.Items.Count(d => !DossierTransitions.IsTerminal(d.Status));
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);

        return count;
    }

    private static async Task<string?> ReadBodyAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + n > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, n);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
