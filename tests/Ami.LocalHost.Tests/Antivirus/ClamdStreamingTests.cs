using System.Text;
using Ami.LocalHost.Dev;
using Ami.Workflow.Scanning;

namespace Ami.LocalHost.Tests.Antivirus;

/// <summary>Run alone (no other test allocating meanwhile), so that the process's allocations measure the scan's.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClamdAloneCollection
{
    public const string Name = "Clamd.Alone";
}

/// <summary>The clamd protocol client against the real clamd and the project's signature file.</summary>
[Collection(ClamdAloneCollection.Name)]
public sealed class ClamdStreamingTests : IAsyncLifetime
{
    private static readonly byte[] Eicar = Encoding.ASCII.GetBytes(@"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*");

    private ClamdProcess _clamd = null!;

    public async Task InitializeAsync() => _clamd = await ClamdProcess.StartAsync();

    public async Task DisposeAsync() => await _clamd.DisposeAsync();

    [Fact]
    public async Task OneHundredMegabytes_AreScannedAsAStream_TheEicarAtTheEndIsFound_AndLittleIsAllocated()
    {
        const long Size = 100L * 1024 * 1024;
        var client = new ClamdClient(_clamd.Host, _clamd.Port);
        await using var content = new GeneratedStream(Size, Eicar);

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var reply = await client.ScanAsync(content, CancellationToken.None);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(ClamdOutcome.Found, reply.Outcome);
        Assert.Equal("Ami.Test.Eicar.UNOFFICIAL", reply.Detail);
        Assert.Equal(Size, content.Position);
        Assert.True(content.LargestRead <= ClamdClient.ChunkSize, $"a read of {content.LargestRead} bytes");

        // Streamed chunk by chunk: the allocations are a small fraction of the file (never the file buffered whole).
        Assert.True(allocated < 8 * 1024 * 1024, $"{allocated / 1024} KB allocated to scan {Size / (1024 * 1024)} MB");
    }

    [Fact]
    public async Task CleanContent_IsOk_TheSecondTestPatternIsFound()
    {
        var client = new ClamdClient(_clamd.Host, _clamd.Port);
        var clean = await client.ScanAsync(new MemoryStream("%PDF-1.4\nune page propre\n%%EOF\n"u8.ToArray()), CancellationToken.None);
        Assert.Equal(ClamdOutcome.Clean, clean.Outcome);

        var marked = await client.ScanAsync(new MemoryStream("%PDF-1.4\nAMI-TEST-MALWARE-SIGNATURE-2015\n%%EOF\n"u8.ToArray()), CancellationToken.None);
        Assert.Equal(ClamdOutcome.Found, marked.Outcome);
        Assert.Equal("Ami.Test.Marker.UNOFFICIAL", marked.Detail);
    }

    [Fact]
    public async Task ClamdStopped_IsNoAnswer_NotSafe()
    {
        var client = new ClamdClient(_clamd.Host, _clamd.Port);
        await _clamd.StopAsync();
        Assert.False(await client.PingAsync(CancellationToken.None));
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => client.ScanAsync(new MemoryStream([1, 2, 3]), CancellationToken.None));

        await _clamd.RestartAsync();
        Assert.True(await client.PingAsync(CancellationToken.None));
    }

    /// <summary>A non-seekable stream of <c>size</c> bytes made on the fly (a pseudo-random pattern), ending with <c>tail</c>; it records its largest read.</summary>
    private sealed class GeneratedStream(long size, byte[] tail) : Stream
    {
        private long _position;

        public int LargestRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, size - _position);
            LargestRead = Math.Max(LargestRead, buffer.Length);
            for (var i = 0; i < n; i++)
            {
                var at = _position + i;
                var fromTail = at - (size - tail.Length);
                buffer[i] = fromTail >= 0 ? tail[fromTail] : (byte)((at * 2654435761L) >> 13);
            }

            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
