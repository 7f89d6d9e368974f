using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Ami.Workflow.Scanning;

/// <summary>What clamd answered to an INSTREAM scan.</summary>
public enum ClamdOutcome
{
    Clean,
    Found,
    Error,
}

/// <param name="Detail">The signature name (found) or clamd's error text (error).</param>
public sealed record ClamdReply(ClamdOutcome Outcome, string? Detail, string Raw)
{
    /// <summary>
    /// Parses a reply of clamd to <c>zINSTREAM</c> (clamd's documented protocol, <c>man clamd</c>): <c>stream: OK</c>,
    /// <c>stream: {signature} FOUND</c>, or a line ending in <c>ERROR</c> (e.g. <c>INSTREAM size limit exceeded. ERROR</c>).
    /// </summary>
    public static ClamdReply Parse(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var text = raw.TrimEnd('\0', '\n', '\r', ' ');
        var body = text.StartsWith("stream:", StringComparison.Ordinal) ? text["stream:".Length..].Trim() : text;
        if (body == "OK")
        {
            return new ClamdReply(ClamdOutcome.Clean, null, text);
        }

        if (body.EndsWith(" FOUND", StringComparison.Ordinal))
        {
            return new ClamdReply(ClamdOutcome.Found, body[..^" FOUND".Length].Trim(), text);
        }

        return new ClamdReply(ClamdOutcome.Error, body.EndsWith("ERROR", StringComparison.Ordinal) ? body[..^"ERROR".Length].Trim() : body, text);
    }
}

/// <summary>
/// A small client of clamd's socket protocol (no client library for it is served here). <c>zINSTREAM</c>: the
/// command NUL-terminated, then the content as chunks, each prefixed by its length as a 4-byte big-endian integer,
/// ended by a zero-length chunk; clamd answers one NUL-terminated line. The content is read and sent chunk by
/// chunk: a file is never held whole in memory. Connection and I/O failures throw <see cref="IOException"/> or
/// <see cref="SocketException"/>: the caller treats them as "no answer".
/// </summary>
public sealed class ClamdClient(string host, int port)
{
    /// <summary>Bytes sent per chunk (clamd's StreamMaxLength bounds the total, not the chunk).</summary>
    public const int ChunkSize = 64 * 1024;

    public string Host { get; } = host;

    public int Port { get; } = port;

    public async Task<ClamdReply> ScanAsync(Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(Host, Port, cancellationToken);
        var network = tcp.GetStream();
        await network.WriteAsync("zINSTREAM\0"u8.ToArray(), cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize + 4);
        try
        {
            while (true)
            {
                var read = await content.ReadAsync(buffer.AsMemory(4, ChunkSize), cancellationToken);
                BinaryPrimitives.WriteInt32BigEndian(buffer, read);
                try
                {
                    await network.WriteAsync(buffer.AsMemory(0, read + 4), cancellationToken);
                }
                catch (IOException)
                {
                    // clamd closes the stream when it refuses more (size limit): its reply says why.
                    break;
                }

                if (read == 0)
                {
                    break;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return ClamdReply.Parse(await ReadReplyAsync(network, cancellationToken));
    }

    /// <summary>True when clamd answers <c>PONG</c> to <c>zPING</c>.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(Host, Port, cancellationToken);
            var network = tcp.GetStream();
            await network.WriteAsync("zPING\0"u8.ToArray(), cancellationToken);
            return (await ReadReplyAsync(network, cancellationToken)).TrimEnd('\0') == "PONG";
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            return false;
        }
    }

    private static async Task<string> ReadReplyAsync(NetworkStream network, CancellationToken cancellationToken)
    {
        var reply = new MemoryStream();
        var one = new byte[256];
        while (reply.Length < 4096)
        {
            var n = await network.ReadAsync(one, cancellationToken);
            if (n == 0)
            {
                break;
            }

            var end = Array.IndexOf(one, (byte)0, 0, n);
            reply.Write(one, 0, end < 0 ? n : end);
            if (end >= 0)
            {
                break;
            }
        }

        if (reply.Length == 0)
        {
            throw new IOException("clamd closed the connection without an answer.");
        }

        return Encoding.UTF8.GetString(reply.GetBuffer(), 0, (int)reply.Length);
    }
}
