using System.ComponentModel.DataAnnotations;

namespace Ami.Workflow.Configuration;

/// <summary>
/// Every setting the app reads is a property of one of these options classes (section + property =
/// the setting's name, <c>Ami__PublicBaseUrl</c> in environment form). They are validated at start.
/// </summary>
public sealed class AmiOptions
{
    public const string Section = "Ami";

    /// <summary>Public base URL used to build the links in mails (e.g. <c>https://ami.region.example</c>).</summary>
    [Required, Url]
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:7071";

    /// <summary>Folder of campaign JSON files loaded at start.</summary>
    [Required]
    public string CampaignsPath { get; set; } = "campaigns";

    /// <summary>Staff key of the local host (Azure uses its function keys instead).</summary>
    public string? StaffKey { get; set; }
}

/// <summary>HMAC-SHA256 keys that sign action links. Two are accepted, so a key can be rotated.</summary>
public sealed class LinkSigningOptions
{
    public const string Section = "Ami:LinkKeys";

    /// <summary>Base64 key (at least 32 bytes) used to sign new links.</summary>
    [Required, MinLength(44)]
    public string Current { get; set; } = "";

    /// <summary>The previous key, still accepted for links signed before a rotation.</summary>
    public string? Previous { get; set; }
}

/// <summary>SendGrid: the API key and, locally, the host of a SendGrid-compatible capture endpoint.</summary>
public sealed class SendGridOptions
{
    public const string Section = "SendGrid";

    [Required]
    public string ApiKey { get; set; } = "";

    /// <summary>API host; <c>https://api.sendgrid.com</c> in production.</summary>
    [Required, Url]
    public string Host { get; set; } = "https://api.sendgrid.com";

    [Required, EmailAddress]
    public string FromEmail { get; set; } = "ne-pas-repondre@ami.region.example";

    [Required]
    public string FromName { get; set; } = "Région – AMI Innovation sociale";
}

/// <summary>
/// Storage of the app's data (Blob <c>dossiers</c>, Tables). Locally a connection string
/// (<c>AzureWebJobsStorage</c>); in Azure an identity-based connection
/// (<c>AzureWebJobsStorage__accountName</c>, <c>__credential</c>, <c>__clientId</c>), as the Functions host does.
/// </summary>
public sealed class StorageOptions
{
    public const string ConnectionName = "AzureWebJobsStorage";

    public string? ConnectionString { get; set; }

    public string? AccountName { get; set; }

    public string? Credential { get; set; }

    public string? ClientId { get; set; }
}

/// <summary>Retries of a mail that SendGrid refused for a while (429, 5xx). Section <c>Ami:Mail</c>.</summary>
public sealed class MailOptions
{
    public const string Section = "Ami:Mail";

    /// <summary>Attempts in all, the first included.</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>First wait; doubled at each retry (plus up to 20 % jitter) when SendGrid gives no hint.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>No wait is longer than this, whatever <c>Retry-After</c> or <c>X-RateLimit-Reset</c> says.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Leases of the uploads in progress (section <c>Ami:Uploads</c>). While an upload runs it renews, every
/// <see cref="HeartbeatEvery"/>, its journal row and its idempotency claim for <see cref="LeaseDuration"/>;
/// a process that died stops renewing, so after <see cref="LeaseDuration"/> a retry with the same
/// <c>Idempotency-Key</c> takes the key over and the staging sweep cleans up what the upload left.
/// </summary>
public sealed class UploadOptions : IValidatableObject
{
    public const string Section = "Ami:Uploads";

    /// <summary>How long an upload that stopped renewing still holds its idempotency key (at most 2 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>How often a live upload renews its lease; at least three renewals fit in a lease.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan HeartbeatEvery { get; set; } = TimeSpan.FromSeconds(20);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (HeartbeatEvery * 3 > LeaseDuration)
        {
            yield return new ValidationResult(
                $"Ami:Uploads:HeartbeatEvery ({HeartbeatEvery}) must be at most a third of Ami:Uploads:LeaseDuration ({LeaseDuration}).",
                [nameof(HeartbeatEvery)]);
        }
    }
}
