using Ami.Workflow.Configuration;
using Ami.Workflow.Digest;
using Ami.Workflow.Ports;
using Ami.Workflow.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SendGrid;

namespace Ami.Workflow.Mail;

public static class MailServiceCollectionExtensions
{
    /// <summary>The named <see cref="System.Net.Http.HttpClient"/> the SendGrid client uses.</summary>
    public const string SendGridHttpClient = "sendgrid";

    /// <summary>
    /// Registers the mails: <see cref="INotifier"/> and <see cref="ILateSubmissionNotifier"/>
    /// (<see cref="MailNotifier"/>), the templates, the SendGrid client (IHttpClientFactory, options
    /// <c>SendGrid:*</c> validated at start), the retry options <c>Ami:Mail:*</c>, Table <c>SentMails</c> and
    /// the staff digest job. The digest needs <see cref="IJuryProgress"/> and <see cref="ILateSubmissionLog"/>
    /// registered by their owners.
    /// </summary>
    public static IServiceCollection AddAmiMail(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AmiOptions>().Bind(configuration.GetSection(AmiOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SendGridOptions>().Bind(configuration.GetSection(SendGridOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MailOptions>().Bind(configuration.GetSection(MailOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddAmiStorageClients(configuration);
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient(SendGridHttpClient);
        services.TryAddTransient<ISendGridClient>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<SendGridOptions>>().Value;
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(SendGridHttpClient);
            return new SendGridClient(http, new SendGridClientOptions { ApiKey = o.ApiKey, Host = o.Host });
        });

        services.TryAddSingleton<MailTemplates>();
        services.TryAddSingleton<MailComposer>();
        services.TryAddSingleton<ISentMailLog, TableSentMailLog>();
        services.TryAddTransient<SendGridMailTransport>();
        services.TryAddTransient<MailDispatcher>();
        services.TryAddTransient<MailNotifier>();
        services.TryAddTransient<INotifier>(sp => sp.GetRequiredService<MailNotifier>());
        services.TryAddTransient<ILateSubmissionNotifier>(sp => sp.GetRequiredService<MailNotifier>());
        services.TryAddTransient<StaffDigestJob>();
        return services;
    }
}
