using Ami.Workflow.Intake;

namespace Ami.Workflow.Tests.Intake;

public sealed class ContentSnifferTests
{
    public static TheoryData<string, string?> Files => new()
    {
        { "pdf", "PDF" },
        { "png", "PNG" },
        { "jpeg", "JPEG" },
        { "docx", "DOCX" },
        { "xlsx", "XLSX" },
        { "odt", "ODT" },
        { "ods", "ODS" },
        { "zip", null },
        { "odp", null },
        { "exe", null },
        { "text", null },
        { "empty", null },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Detect_ByContent_RecognisesOnlyTheAcceptedTypes(string sample, string? expected)
    {
        byte[] bytes = sample switch
        {
            "pdf" => TestFiles.StatutesPdf,
            "png" => TestFiles.Png,
            "jpeg" => [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. "JFIF"u8],
            "docx" => OfficeFiles.Docx(),
            "xlsx" => OfficeFiles.Xlsx(),
            "odt" => OfficeFiles.Odt(),
            "ods" => OfficeFiles.Ods(),
            "zip" => OfficeFiles.PlainZip(),
            "odp" => OfficeFiles.Zip(("mimetype", "application/vnd.oasis.opendocument.presentation", false)),
            "exe" => TestFiles.Exe,
            "text" => "%PD not quite a PDF"u8.ToArray(),
            _ => [],
        };

        Assert.Equal(expected, ContentSniffer.Detect(bytes)?.Name);
    }

    [Fact]
    public void Detect_OdfWhoseMimetypeIsCompressed_IsRefused()
    {
        // The ODF rule: "mimetype" is stored uncompressed; a compressed one is not a genuine ODF package.
        Assert.Null(ContentSniffer.Detect(OfficeFiles.Zip(("mimetype", "application/vnd.oasis.opendocument.text", true))));
    }

    [Fact]
    public void Detect_DocxWrittenWithDataDescriptors_IsRecognised()
    {
        // Written to a non-seekable stream, a zip defers its sizes to data descriptors (as LibreOffice does).
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(new WriteOnlyStream(buffer), System.IO.Compression.ZipArchiveMode.Create))
        {
            foreach (var name in new[] { "[Content_Types].xml", "_rels/.rels", "word/document.xml" })
            {
                using var s = zip.CreateEntry(name).Open();
                s.Write(new byte[500]);
            }
        }

        Assert.Equal("DOCX", ContentSniffer.Detect(buffer.ToArray())?.Name);
    }

    private sealed class WriteOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}

public sealed class FileNamesTests
{
    [Theory]
    [InlineData("statuts.pdf", "statuts.pdf")]
    [InlineData("C:\\Users\\jeanne\\Documents\\statuts.pdf", "statuts.pdf")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("comptes\u0000\u001F\u202Eannuels.pdf", "comptesannuels.pdf")]
    [InlineData("Bilan <final>?.pdf", "Bilan _final__.pdf")]
    [InlineData("   ..  ", "fichier")]
    [InlineData(null, "fichier")]
    [InlineData("Reçu de l'Élysée.pdf", "Reçu de l'Élysée.pdf")]
    public void Sanitize_KeepsOnlyASafeName(string? given, string expected) => Assert.Equal(expected, FileNames.Sanitize(given));

    [Fact]
    public void Sanitize_LongName_IsCutKeepingItsExtension()
    {
        var name = FileNames.Sanitize(new string('a', 300) + ".pdf");

        Assert.Equal(FileNames.MaxLength, name.Length);
        Assert.EndsWith("a.pdf", name, StringComparison.Ordinal);
    }
}

public sealed class SecretsTests
{
    [Fact]
    public void AccessTokens_New_Is32RandomBytesBase64UrlAndOnlyItsHashMatches()
    {
        var (token, hash) = AccessTokens.New();
        var (other, _) = AccessTokens.New();

        Assert.Equal(43, token.Length);
        Assert.DoesNotContain('+', token);
        Assert.DoesNotContain('/', token);
        Assert.NotEqual(token, other);
        Assert.True(AccessTokens.Matches(token, hash));
        Assert.False(AccessTokens.Matches(other, hash));
        Assert.False(AccessTokens.Matches(null, hash));
        Assert.False(AccessTokens.Matches(token, "not-a-hash"));
    }

    [Fact]
    public void IdempotencyKeys_ProtectedToken_OpensOnlyWithTheSameKeyAndBody()
    {
        var sealedToken = IdempotencyKeys.Protect("le-jeton", "key-1", "fingerprint-a");

        Assert.Equal("le-jeton", IdempotencyKeys.Unprotect(sealedToken, "key-1", "fingerprint-a"));
        Assert.Null(IdempotencyKeys.Unprotect(sealedToken, "key-2", "fingerprint-a"));
        Assert.Null(IdempotencyKeys.Unprotect(sealedToken, "key-1", "fingerprint-b"));
        Assert.DoesNotContain("le-jeton", sealedToken, StringComparison.Ordinal);
    }
}
