using Ami.LocalHost.Dev;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Ami.Testing;

/// <summary>A local server speaking SendGrid's <c>POST /v3/mail/send</c> on a free loopback port.</summary>
public sealed class SendGridCaptureServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SendGridCaptureServer(WebApplication app, MailCapture capture, string baseUrl)
    {
        _app = app;
        Capture = capture;
        BaseUrl = baseUrl;
    }

    public MailCapture Capture { get; }

    /// <summary>e.g. <c>http://127.0.0.1:41234</c>: the SendGrid client's Host.</summary>
    public string BaseUrl { get; }

    public static async Task<SendGridCaptureServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var capture = new MailCapture();
        app.MapSendGridCapture(capture);
        await app.StartAsync();
        var url = app.Urls.First();
        return new SendGridCaptureServer(app, capture, url);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
