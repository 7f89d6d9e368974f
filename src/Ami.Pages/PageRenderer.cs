using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ami.Pages;

/// <summary>
/// Renders a Razor component to a whole HTML page with <see cref="HtmlRenderer"/> (server-side, no circuit, no
/// JavaScript needed): values are HTML-encoded by the renderer, and the components are checked at build.
/// </summary>
public sealed class PageRenderer(IServiceProvider services, ILoggerFactory loggerFactory)
{
    public async Task<string> RenderAsync<TComponent>(IDictionary<string, object?> parameters)
        where TComponent : IComponent
    {
        await using var renderer = new HtmlRenderer(services, loggerFactory);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
            return output.ToHtmlString();
        });
    }

    /// <summary>The page as an HTTP result: HTML, never cached (it may carry a personal link), no referrer sent.</summary>
    public async Task<IResult> PageAsync<TComponent>(int status, IDictionary<string, object?> parameters)
        where TComponent : IComponent =>
        new HtmlPage(status, await RenderAsync<TComponent>(parameters));

    public Task<IResult> MessageAsync(int status, string title, IReadOnlyList<string> lines, string kind = "", string? backHref = null, string backText = "Retour à mon dossier") =>
        PageAsync<Components.Message>(status, new Dictionary<string, object?>
        {
            ["Title"] = title,
            ["Lines"] = lines,
            ["Kind"] = kind,
            ["BackHref"] = backHref,
            ["BackText"] = backText,
        });

    private sealed class HtmlPage(int status, string html) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.CacheControl = "no-store";
            response.Headers["Referrer-Policy"] = "same-origin"; // the personal link never leaves the site in a Referer
            response.Headers["X-Content-Type-Options"] = "nosniff";
            response.Headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
            await response.WriteAsync(html, Encoding.UTF8, httpContext.RequestAborted);
        }
    }
}
