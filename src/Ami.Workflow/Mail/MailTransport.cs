using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using Ami.Workflow.Configuration;
using Ami.Workflow.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace Ami.Workflow.Mail;

/// <summary>
/// A mail ready to go, with the tags that identify it in SendGrid (no personal data in the tags): the
/// dossier id for a dossier's mail, the campaign id for a campaign's (digest, late submission).
/// </summary>
public sealed record OutgoingMail(IReadOnlyList<string> To, string ReplyTo, MailContent Content, MailKind Kind, string Step, string? DossierId, string CampaignId)
{
    /// <summary>What the mail is about, for logs: the dossier id, else <c>campaign:{id}</c>.</summary>
    public string Scope => DossierId ?? "campaign:" + CampaignId;
}

/// <summary>
/// SendGrid refused the mail for good (a 4xx other than 429: bad address, bad key, bad request). Retrying
/// cannot help; an activity retry policy should not retry on it.
/// </summary>
public sealed class MailRejectedException : Exception
{
    public MailRejectedException()
    {
    }

    public MailRejectedException(string message)
        : base(message)
    {
    }

    public MailRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int StatusCode { get; init; }
}

/// <summary>SendGrid stayed unavailable (429 or 5xx) through every attempt: retrying later may work.</summary>
public sealed class MailUnavailableException : Exception
{
    public MailUnavailableException()
    {
    }

    public MailUnavailableException(string message)
        : base(message)
    {
    }

    public MailUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int StatusCode { get; init; }
}

/// <summary>
/// Sends through the SendGrid SDK (<c>POST /v3/mail/send</c>): 2xx is sent; 429 and 5xx are retried inside
/// the call (bounded attempts, honouring <c>Retry-After</c> / <c>X-RateLimit-Reset</c>, capped); any other
/// status throws <see cref="MailRejectedException"/> at once. Logs carry the status, scope, kind and step,
/// never an address, a subject or a body.
/// </summary>
public sealed class SendGridMailTransport(
    ISendGridClient client,
    IOptions<SendGridOptions> sendGrid,
    IOptions<MailOptions> options,
    TimeProvider time,
    ILogger<SendGridMailTransport> logger)
{
    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var message = ToMessage(mail);
        var max = options.Value.MaxAttempts;
        for (var attempt = 1; ; attempt++)
        {
            Response response;
            try
            {
                response = await client.SendEmailAsync(message, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // No answer at all (connection refused or reset, timeout): as transient as a 503.
                if (attempt >= max)
                {
                    logger.LogError("Mail {Kind} not sent for {Scope} at step {Step}: SendGrid unreachable after {Attempt} attempts", mail.Kind, mail.Scope, mail.Step, attempt);
                    throw new MailUnavailableException($"SendGrid unreachable for mail {mail.Kind} for {mail.Scope} at step {mail.Step}.", e);
                }

                var wait = Backoff(attempt);
                logger.LogWarning("Mail {Kind} for {Scope} at step {Step}: SendGrid unreachable ({Error}), retry {Attempt} in {Delay}", mail.Kind, mail.Scope, mail.Step, e.GetType().Name, attempt, wait);
                await Task.Delay(wait, time, cancellationToken);
                continue;
            }

            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                logger.LogInformation("Mail {Kind} sent for {Scope} at step {Step} (status {Status}, attempt {Attempt})", mail.Kind, mail.Scope, mail.Step, status, attempt);
                return;
            }

            var transient = response.StatusCode == HttpStatusCode.TooManyRequests || status >= 500;
            if (!transient)
            {
                logger.LogError("Mail {Kind} refused by SendGrid for {Scope} at step {Step}: status {Status}, not retried", mail.Kind, mail.Scope, mail.Step, status);
                throw new MailRejectedException($"SendGrid refused mail {mail.Kind} for {mail.Scope} at step {mail.Step} with status {status}.") { StatusCode = status };
            }

            if (attempt >= max)
            {
                logger.LogError("Mail {Kind} not sent for {Scope} at step {Step}: status {Status} after {Attempt} attempts", mail.Kind, mail.Scope, mail.Step, status, attempt);
                throw new MailUnavailableException($"SendGrid answered {status} to mail {mail.Kind} for {mail.Scope} at step {mail.Step} {attempt} times.") { StatusCode = status };
            }

            var delay = RetryDelay(response, attempt);
            logger.LogWarning("Mail {Kind} for {Scope} at step {Step}: status {Status}, retry {Attempt} in {Delay}", mail.Kind, mail.Scope, mail.Step, status, attempt, delay);
            await Task.Delay(delay, time, cancellationToken);
        }
    }

    internal TimeSpan RetryDelay(Response response, int attempt)
    {
        var o = options.Value;
        TimeSpan? hinted = null;
        var headers = response.Headers;
        if (headers?.RetryAfter is { } retryAfter)
        {
            hinted = retryAfter.Delta ?? (retryAfter.Date - time.GetUtcNow());
        }
        else if (headers is not null && headers.TryGetValues("X-RateLimit-Reset", out var resets)
            && long.TryParse(resets.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var resetUnix))
        {
            hinted = DateTimeOffset.FromUnixTimeSeconds(resetUnix) - time.GetUtcNow();
        }

        var delay = hinted is { } h && h > TimeSpan.Zero ? h : Backoff(attempt);
        return delay > o.MaxRetryDelay ? o.MaxRetryDelay : delay;
    }

    /// <summary>Exponential backoff with up to 20 % jitter, capped.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var o = options.Value;
        var delay = o.FirstRetryDelay * Math.Pow(2, attempt - 1) * (1 + (Random.Shared.NextDouble() * 0.2));
        return delay > o.MaxRetryDelay ? o.MaxRetryDelay : delay;
    }

    private SendGridMessage ToMessage(OutgoingMail mail)
    {
        var o = sendGrid.Value;
        var message = new SendGridMessage
        {
            From = new EmailAddress(o.FromEmail, o.FromName),
            ReplyTo = new EmailAddress(mail.ReplyTo),
            Subject = mail.Content.Subject,
            PlainTextContent = mail.Content.Text,
            HtmlContent = mail.Content.Html,
        };
        message.AddTos(mail.To.Select(a => new EmailAddress(a)).ToList());
        message.AddCategories(["ami", MailTemplates.FileName(mail.Kind)]);
        if (mail.DossierId is not null)
        {
            message.AddCustomArg("dossier_id", mail.DossierId);
        }

        message.AddCustomArg("campaign_id", mail.CampaignId);
        message.AddCustomArg("step", mail.Step);
        message.AddCustomArg("kind", MailTemplates.FileName(mail.Kind));
        return message;
    }
}
