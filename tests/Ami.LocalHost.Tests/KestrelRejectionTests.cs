using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Ami.LocalHost.Tests;

/// <summary>
/// Answers the app never makes (Kestrel refuses the request itself, or no route matches) still have the contract's
/// shape: <c>application/problem+json</c> with a French title and a stable code.
/// </summary>
public sealed class KestrelRejectionTests(LocalHostFixture fixture) : IClassFixture<LocalHostFixture>
{
    [Fact]
    public async Task NulInThePath_400ProblemJson()
    {
        var (head, body) = await RawAsync("GET /api/dossiers/abc%00def HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

        AssertProblem(head, body, 400, "bad-request");
    }

    [Fact]
    public async Task HeadersTooSlow_408ProblemJson()
    {
        var watch = Stopwatch.StartNew();

        var (head, body) = await RawAsync("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n");  // the blank line that ends the headers never comes

        Assert.True(watch.Elapsed >= LocalHostFixture.RequestHeadersTimeout - TimeSpan.FromSeconds(1), watch.Elapsed.ToString());
        AssertProblem(head, body, 408, "request-timeout");
    }

    [Fact]
    public async Task UnknownRoute_404ProblemJson()
    {
        var (head, body) = await RawAsync("GET /api/no-such-route HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        AssertProblem(head, body, 404, "not-found");
    }

    private static void AssertProblem(string head, string body, int status, string code)
    {
        Assert.StartsWith(FormattableString.Invariant($"HTTP/1.1 {status} "), head, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/problem+json", head, StringComparison.OrdinalIgnoreCase);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.Equal(Encoding.UTF8.GetByteCount(body), int.Parse(head.Split("\r\n").Single(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Sends <paramref name="request"/> as is and reads until the server closes the connection (or the head and body arrived).</summary>
    private async Task<(string Head, string Body)> RawAsync(string request)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(fixture.Host.BaseUrl.Host, fixture.Host.BaseUrl.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        await stream.FlushAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var received = new MemoryStream();
        await stream.CopyToAsync(received, timeout.Token);
        var text = Encoding.UTF8.GetString(received.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(split > 0, "no answer: " + text);
        return (text[..(split + 2)], text[(split + 4)..]);
    }
}
