using System.Globalization;
using Ami.Pages.Components;
using Ami.Workflow.Ports;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ami.Pages;

/// <summary>
/// "J'ai perdu mon lien" (<c>/lien-perdu</c>): the holder types the reference and an email; when they match a
/// dossier, a fresh personal link goes to that dossier's contact address only. The answer is the same page
/// whether or not they match, and requests are limited per dossier and per client (<see cref="MaxPerHour"/>).
/// </summary>
public sealed class LostLinkPages(
    ICampaignStore campaigns,
    IDossierStore dossiers,
    INotifier notifier,
    PageRenderer pages,
    TimeProvider clock,
    ILogger<LostLinkPages> logger)
{
    /// <summary>Links sent per dossier, and requests per client, in an hour.</summary>
    public const int MaxPerHour = 3;

    private readonly HourlyLimiter _limiter = new(MaxPerHour);

    public Task<IResult> FormAsync() =>
        pages.PageAsync<LostLink>(StatusCodes.Status200OK, new Dictionary<string, object?>());

    public async Task<IResult> RequestAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var form = await HolderPages.ReadFormAsync(request, cancellationToken);
        var reference = form?["reference"].ToString().Trim() ?? "";
        var email = form?["email"].ToString().Trim() ?? "";
        var errors = new Dictionary<string, string>();
        if (reference.Length == 0 || reference.Length > 60)
        {
            errors["reference"] = "Indiquez la référence du dossier, par exemple AMI-IS-2015-0001.";
        }

        if (email.Length == 0 || email.Length > 254 || !email.Contains('@', StringComparison.Ordinal))
        {
            errors["email"] = "Indiquez l'adresse électronique de contact donnée lors du dépôt (par exemple nom@exemple.fr).";
        }

        if (errors.Count > 0)
        {
            return await pages.PageAsync<LostLink>(StatusCodes.Status400BadRequest, new Dictionary<string, object?>
            {
                ["Reference"] = reference,
                ["Email"] = email,
                ["Errors"] = errors,
            });
        }

        var now = clock.GetUtcNow();
        var client = "client:" + (request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "?");
        if (Allow(client, now))
        {
            var dossier = await FindAsync(reference, cancellationToken);
            if (dossier is not null
                && string.Equals(dossier.ContactEmail, email, StringComparison.OrdinalIgnoreCase)
                && Allow("dossier:" + dossier.DossierId, now))
            {
                // One mail per request: the step key is the instant, so the sent-mail log does not merge two asks.
                var step = "lien-" + now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
                await notifier.SendAsync(new Notification(dossier.DossierId, MailKind.HolderLink, step, new Recipient(RecipientRole.Holder)), cancellationToken);
            }
        }
        else
        {
            logger.LogWarning("Lost-link requests over the limit for a client: ignored");
        }

        return await pages.PageAsync<LostLink>(StatusCodes.Status200OK, new Dictionary<string, object?> { ["Sent"] = true });
    }

    /// <summary>The dossier of a reference: its campaign from the reference's prefix, then that campaign's dossiers.</summary>
    private async Task<DossierRecord?> FindAsync(string reference, CancellationToken cancellationToken)
    {
        foreach (var campaign in await campaigns.ListAsync(cancellationToken))
        {
            if (!reference.StartsWith(campaign.EffectiveReferencePrefix + "-", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            string? continuation = null;
            do
            {
                var page = await dossiers.ListAsync(campaign.Id, null, 200, continuation, cancellationToken);
                var found = page.Items.FirstOrDefault(d => string.Equals(d.Reference, reference, StringComparison.OrdinalIgnoreCase));
                if (found is not null)
                {
                    return found;
                }

                continuation = page.ContinuationToken;
            }
            while (continuation is not null);
        }

        return null;
    }

    /// <summary>At most <see cref="MaxPerHour"/> in the last hour for <paramref name="key"/> (this instance's memory).</summary>
    private bool Allow(string key, DateTimeOffset now) => _limiter.Allow(key, now);
}
