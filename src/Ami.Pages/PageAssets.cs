using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace Ami.Pages;

/// <summary><c>GET /ressources/{name}</c>: the stylesheet and the comfort script, embedded in this assembly (no CDN).</summary>
public static class PageAssets
{
    private static readonly Dictionary<string, (byte[] Bytes, string ContentType)> Files = new(StringComparer.Ordinal)
    {
        ["ami.css"] = (Read("ami.css"), "text/css; charset=utf-8"),
        ["ami.js"] = (Read("ami.js"), "text/javascript; charset=utf-8"),
        ["gestion.css"] = (Read("gestion.css"), "text/css; charset=utf-8"),
        ["espaces.css"] = (Read("espaces.css"), "text/css; charset=utf-8"),
    };

    public static IResult Get(string name)
    {
        if (!Files.TryGetValue(name ?? "", out var file))
        {
            return Results.NotFound();
        }

        return new AssetResult(file.Bytes, file.ContentType);
    }

    private static byte[] Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Ami.Pages.Assets." + name)
            ?? throw new InvalidOperationException($"Embedded asset {name} is missing.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private sealed class AssetResult(byte[] bytes, string contentType) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            httpContext.Response.ContentType = contentType;
            httpContext.Response.Headers.CacheControl = "public, max-age=3600";
            httpContext.Response.Headers["X-Content-Type-Options"] = "nosniff";
            return httpContext.Response.Body.WriteAsync(bytes, httpContext.RequestAborted).AsTask();
        }
    }
}
