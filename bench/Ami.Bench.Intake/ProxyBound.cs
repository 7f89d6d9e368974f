using System.Buffers;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Ami.LocalHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Ami.Bench.Intake;

/// <summary>
/// The least an intake over HTTP can do, on the same Kestrel and the same Azurite: read the multipart and
/// send each part to Blob storage as one Put Blob (the next part read while the previous one is sent, as
/// the intake does), nothing else: no hash, no type or limit check, no JSON, no reference, no index row,
/// no journey. Its throughput bounds what any implementation of the intake can reach on the machine.
/// </summary>
internal sealed class ProxyBound : IAsyncDisposable
{
    public const string Route = "/proxy";

    private readonly WebApplication _app;

    private ProxyBound(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<ProxyBound> StartAsync(string storage)
    {
        var container = new BlobServiceClient(storage).GetBlobContainerClient("bench-proxy");
        await container.CreateIfNotExistsAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        AmiLocalHost.ConfigureServer(builder.WebHost);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost(Route, async (HttpRequest request) =>
        {
            var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.ContentType).Boundary).ToString();
            var reader = new MultipartReader(boundary, request.Body, 64 * 1024);
            var folder = Guid.NewGuid().ToString("N");
            var sending = new List<Task>();
            while (await reader.ReadNextSectionAsync() is { } section)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(8 * 1024 * 1024);
                var length = 0;
                int n;
                while ((n = await section.Body.ReadAsync(buffer.AsMemory(length))) > 0)
                {
                    length += n;
                    if (length == buffer.Length)
                    {
                        throw new InvalidOperationException("The proxy bound sends parts of up to 8 MiB only.");
                    }
                }

                var blob = container.GetBlobClient($"{folder}/{sending.Count}");
                sending.Add(SendAsync(blob, buffer, length));
            }

            await Task.WhenAll(sending);
            return Results.StatusCode(StatusCodes.Status201Created);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ProxyBound(app, new Uri(address));
    }

    private static async Task SendAsync(BlobClient blob, byte[] buffer, int length)
    {
        try
        {
            await blob.UploadAsync(BinaryData.FromBytes(buffer.AsMemory(0, length)), new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } });
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
