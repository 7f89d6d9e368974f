using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Ami.Domain.States;
using Ami.Workflow.Orchestrations;
using Ami.Workflow.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Ami.Workflow.Tests.Intake;

/// <summary>
/// Every route that reads a body, sent a body cut short over a raw socket (Kestrel on a loopback port): a clear French
/// 400 <c>malformed-upload</c>, never an English 500, and nothing stored.
/// </summary>
[Collection(IntakeCollection.Name)]
public sealed class TruncatedBodyTests(IntakeApp app)
{
    [Fact]
    public async Task Submit_MultipartWithoutItsClosingBoundary_Is400MalformedUpload()
    {
        var campaign = await app.CreateCampaignAsync();

        var (status, body) = await SendAsync("POST", $"/api/campaigns/{campaign.Id}/dossiers", await WithoutClosingBoundaryAsync(Multipart.Valid()));

        AssertMalformed(status, body);
        Assert.Equal(0, await app.RowCountAsync(Ami.Workflow.Storage.TableNames.Dossiers, $"PartitionKey eq '{campaign.Id}'"));
    }

    [Fact]
    public async Task Resubmit_MultipartWithoutItsClosingBoundary_Is400AndTheDossierIsUnchanged()
    {
        var campaign = await app.CreateCampaignAsync();
        var (dossierId, token) = await SubmitAsync(campaign.Id);
        await RequestChangesAsync(dossierId);
        var blobs = await app.BlobNamesAsync($"{campaign.Id}/{dossierId}/");

        var (status, body) = await SendAsync("PUT", $"/api/dossiers/{dossierId}", await WithoutClosingBoundaryAsync(Multipart.Valid()), token: token);

        AssertMalformed(status, body);
        Assert.Equal(blobs, await app.BlobNamesAsync($"{campaign.Id}/{dossierId}/"));
        Assert.Equal(DossierStatus.ChangesRequested, (await app.Services.GetRequiredService<IDossierStore>().GetAsync(dossierId, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task Start_JsonCutShort_Is400MalformedUpload()
    {
        var campaign = await app.CreateCampaignAsync();
        var (dossierId, token) = await SubmitAsync(campaign.Id);
        var json = Encoding.UTF8.GetBytes("""{ "startDate": "2015-10-01" }""");

        var (status, body) = await SendAsync("POST", $"/api/dossiers/{dossierId}/start", (json, "application/json"), token: token, cutAfter: 12);

        AssertMalformed(status, body);
    }

    [Theory]
    [InlineData("application/json", """{ "decision": "eligible", "audition": false }""")]
    [InlineData("application/x-www-form-urlencoded", "decision=eligible&audition=false&comment=Tr%C3%A8s%20bien")]
    public async Task ActionPost_BodyCutShort_Is400MalformedUpload(string contentType, string text)
    {
        var (status, body) = await SendAsync("POST", "/api/actions/not-a-real-token", (Encoding.UTF8.GetBytes(text), contentType), cutAfter: 10);

        AssertMalformed(status, body);
    }

    [Fact]
    public async Task CampaignPost_JsonCutShort_Is400AndNothingStored()
    {
        var id = "cut-" + Ami.Workflow.Storage.DossierIds.RandomToken(6).ToLowerInvariant();
        var json = Encoding.UTF8.GetBytes($$"""{ "id": "{{id}}", "title": "Appel coupé", "opensAt": "2015-03-01T00:00:00+01:00", "deadline": "2015-05-29T23:59:59+02:00" }""");

        var (status, body) = await SendAsync("POST", "/api/campaigns", (json, "application/json"), staffKey: true, cutAfter: 40);

        AssertMalformed(status, body);
        using var check = new HttpRequestMessage(HttpMethod.Get, $"/api/campaigns/{id}");
        check.Headers.Add("x-functions-key", IntakeApp.StaffKey);
        using var stored = await app.Http.SendAsync(check);
        Assert.Equal(HttpStatusCode.NotFound, stored.StatusCode);
    }

    private static void AssertMalformed(int status, string body)
    {
        Assert.True(status == 400, $"{status}: {body}");
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal("malformed-upload", problem.GetProperty("code").GetString());
        Assert.Contains("rien n'a été enregistré", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task<(byte[] Bytes, string ContentType)> WithoutClosingBoundaryAsync(MultipartFormDataContent content)
    {
        using (content)
        {
            var bytes = await content.ReadAsByteArrayAsync();
            var text = Encoding.ASCII.GetBytes("--" + content.Headers.ContentType!.Parameters.Single(p => p.Name == "boundary").Value!.Trim('"') + "--");
            var end = bytes.AsSpan().LastIndexOf(text);
            Assert.True(end > 0);
            return (bytes[..end], content.Headers.ContentType.ToString());
        }
    }

    /// <summary>
    /// Sends a request over a raw socket. With <paramref name="cutAfter"/>, the body is chunked and breaks off after that
    /// many bytes with a chunk header that is not one (Kestrel fails the body's read with its own <c>BadHttpRequestException</c>,
    /// as when a client stops midway, but the connection can still carry the answer); returns the status and body.
    /// </summary>
    private async Task<(int Status, string Body)> SendAsync(string method, string path, (byte[] Bytes, string ContentType) content, string? token = null, bool staffKey = false, int? cutAfter = null)
    {
        var head = new StringBuilder()
            .Append(FormattableString.Invariant($"{method} {path} HTTP/1.1\r\nHost: {app.BaseAddress.Authority}\r\nConnection: close\r\n"))
            .Append(FormattableString.Invariant($"Content-Type: {content.ContentType}\r\n"))
            .Append(cutAfter is null ? FormattableString.Invariant($"Content-Length: {content.Bytes.Length}\r\n") : "Transfer-Encoding: chunked\r\n");
        if (token is not null)
        {
            head.Append("Authorization: Bearer ").Append(token).Append("\r\n");
        }

        if (staffKey)
        {
            head.Append("x-functions-key: ").Append(IntakeApp.StaffKey).Append("\r\n");
        }

        head.Append("\r\n");
        using var socket = new TcpClient();
        await socket.ConnectAsync(app.BaseAddress.Host, app.BaseAddress.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        if (cutAfter is { } cut)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(cut.ToString("x", System.Globalization.CultureInfo.InvariantCulture) + "\r\n"));
            await stream.WriteAsync(content.Bytes.AsMemory(0, cut));
            await stream.WriteAsync("\r\nzz\r\n"u8.ToArray());
        }
        else
        {
            await stream.WriteAsync(content.Bytes);
        }

        await stream.FlushAsync();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = new MemoryStream();
        await stream.CopyToAsync(response, timeout.Token);
        var text = Encoding.UTF8.GetString(response.ToArray());
        var status = int.Parse(text.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture);
        var body = text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        if (text.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Unchunk(body);
        }

        return (status, body);
    }

    private static string Unchunk(string chunked)
    {
        var result = new StringBuilder();
        var rest = chunked;
        while (true)
        {
            var line = rest.IndexOf("\r\n", StringComparison.Ordinal);
            var size = Convert.ToInt32(rest[..line], 16);
            if (size == 0)
            {
                return result.ToString();
            }

            // Sizes are in bytes: the problem bodies' French letters are several bytes each.
            var bytes = Encoding.UTF8.GetBytes(rest[(line + 2)..]);
            var chunk = Encoding.UTF8.GetString(bytes, 0, size);
            result.Append(chunk);
            rest = Encoding.UTF8.GetString(bytes, size + 2, bytes.Length - size - 2);
        }
    }

    private async Task<(string DossierId, string Token)> SubmitAsync(string campaignId)
    {
        using var response = await app.Http.PostAsync($"/api/campaigns/{campaignId}/dossiers", Multipart.Valid());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("dossierId").GetString()!, body.GetProperty("accessToken").GetString()!);
    }

    private async Task RequestChangesAsync(string dossierId)
    {
        await app.Services.GetRequiredService<IDossierStore>().UpdateAsync(dossierId, d => d with { Status = DossierStatus.ChangesRequested }, CancellationToken.None);
        var watch = Stopwatch.StartNew();
        while ((await app.Durable.GetInstanceAsync(dossierId, getInputsAndOutputs: true))?.ReadCustomStatusAs<JourneyStatus>()?.Step != "resubmission")
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "The journey never waited for the replacement.");
            await Task.Delay(50);
        }
    }
}
