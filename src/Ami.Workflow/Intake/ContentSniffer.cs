using System.Buffers.Binary;
using System.Text;

namespace Ami.Workflow.Intake;

/// <summary>A file type the call accepts, recognised by its content.</summary>
public sealed record FileType(string Name, string ContentType)
{
    public static readonly FileType Pdf = new("PDF", "application/pdf");
    public static readonly FileType Png = new("PNG", "image/png");
    public static readonly FileType Jpeg = new("JPEG", "image/jpeg");
    public static readonly FileType Docx = new("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    public static readonly FileType Xlsx = new("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    public static readonly FileType Odt = new("ODT", "application/vnd.oasis.opendocument.text");
    public static readonly FileType Ods = new("ODS", "application/vnd.oasis.opendocument.spreadsheet");
}

/// <summary>
/// Recognises an accepted file by its first bytes, never by its name or declared type.
/// How far it checks:
/// <list type="bullet">
/// <item>PDF: starts with <c>%PDF-</c>; PNG: the 8-byte PNG signature; JPEG: <c>FF D8 FF</c>.</item>
/// <item>ZIP (<c>PK\x03\x04</c>) is accepted only as an office document, from the names of its first
/// entries (local file headers) found within the first <see cref="WindowSize"/> bytes: ODT/ODS when
/// the first entry is <c>mimetype</c>, stored, holding <c>application/vnd.oasis.opendocument.text</c>
/// or <c>…spreadsheet</c> (the ODF rule); DOCX/XLSX when <c>[Content_Types].xml</c> and a
/// <c>word/</c> (resp. <c>xl/</c>) entry are both seen. Entries whose sizes are deferred to a data
/// descriptor are skipped by searching the next local header signature.</item>
/// </list>
/// Not checked: the rest of the file (a truncated PDF or a zip with a broken central directory passes),
/// nor OOXML whose <c>word/</c> entries come after 64 KB of other entries (refused: documented limit).
/// </summary>
public static class ContentSniffer
{
    /// <summary>How many leading bytes are read before the file is stored.</summary>
    public const int WindowSize = 64 * 1024;

    private static ReadOnlySpan<byte> PdfMagic => "%PDF-"u8;

    private static ReadOnlySpan<byte> PngMagic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> ZipLocalHeader => [0x50, 0x4B, 0x03, 0x04];

    public static FileType? Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith(PdfMagic))
        {
            return FileType.Pdf;
        }

        if (head.StartsWith(PngMagic))
        {
            return FileType.Png;
        }

        if (head.StartsWith(JpegMagic))
        {
            return FileType.Jpeg;
        }

        return head.StartsWith(ZipLocalHeader) ? DetectOfficeZip(head) : null;
    }

    private static FileType? DetectOfficeZip(ReadOnlySpan<byte> zip)
    {
        bool contentTypes = false, word = false, xl = false;
        var offset = 0;
        var first = true;
        while (offset + 30 <= zip.Length && zip[offset..].StartsWith(ZipLocalHeader))
        {
            var header = zip.Slice(offset, 30);
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(header[6..]);
            var method = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
            var compressedSize = BinaryPrimitives.ReadUInt32LittleEndian(header[18..]);
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[26..]);
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
            if (offset + 30 + nameLength > zip.Length)
            {
                break;
            }

            var name = Encoding.UTF8.GetString(zip.Slice(offset + 30, nameLength));
            var dataStart = offset + 30 + nameLength + extraLength;
            if (first && name == "mimetype")
            {
                // ODF: "mimetype" is the first entry, stored uncompressed, and holds the media type.
                if (method != 0 || dataStart + compressedSize > zip.Length)
                {
                    return null;
                }

                var mime = Encoding.ASCII.GetString(zip.Slice(dataStart, (int)compressedSize));
                return mime == FileType.Odt.ContentType ? FileType.Odt : mime == FileType.Ods.ContentType ? FileType.Ods : null;
            }

            first = false;
            contentTypes |= name == "[Content_Types].xml";
            word |= name.StartsWith("word/", StringComparison.Ordinal);
            xl |= name.StartsWith("xl/", StringComparison.Ordinal);
            if (contentTypes && (word ^ xl))
            {
                return word ? FileType.Docx : FileType.Xlsx;
            }

            var deferredSizes = (flags & 0x08) != 0 && compressedSize == 0;
            if (deferredSizes)
            {
                var next = zip[(dataStart > zip.Length ? zip.Length : dataStart)..].IndexOf(ZipLocalHeader);
                if (next < 0)
                {
                    break;
                }

                offset = dataStart + next;
            }
            else
            {
                var nextOffset = (long)dataStart + compressedSize;
                if (nextOffset > zip.Length)
                {
                    break;
                }

                offset = (int)nextOffset;
            }
        }

        return null;
    }
}
