using System.Net.Http.Headers;
using System.Text;

namespace Ami.Testing;

/// <summary>The repository's sample files and small file contents of each kind.</summary>
public static class TestFiles
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string SampleDossierJson => File.ReadAllText(Path.Combine(RepositoryRoot, "samples", "dossier.json"));

    public static byte[] StatutesPdf => File.ReadAllBytes(Path.Combine(RepositoryRoot, "samples", "statuts.pdf"));

    public static byte[] AccountsPdf => File.ReadAllBytes(Path.Combine(RepositoryRoot, "samples", "comptes.pdf"));

    public static byte[] Png { get; } = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0];

    /// <summary>The start of a Windows executable ("MZ" header).</summary>
    public static byte[] Exe { get; } = [.. "MZ"u8, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF, 0, 0, .. "This program cannot be run in DOS mode."u8];

    /// <summary>A PDF of <paramref name="size"/> bytes (a real header, then filler).</summary>
    public static byte[] PdfOfSize(int size)
    {
        var bytes = new byte[size];
        "%PDF-1.4\n"u8.CopyTo(bytes);
        for (var i = 9; i < size; i++)
        {
            bytes[i] = (byte)('a' + (i % 26));
        }

        return bytes;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AmiFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root (AmiFunctions.sln) not found.");
    }
}

/// <summary>Builds the dossier multipart of docs/api.md.</summary>
public static class Multipart
{
    public static MultipartFormDataContent Dossier(string? json, IEnumerable<(string Part, string FileName, byte[] Bytes)> files, bool jsonLast = false)
    {
        var content = new MultipartFormDataContent();
        if (json is not null && !jsonLast)
        {
            content.Add(new StringContent(json, Encoding.UTF8, "application/json"), "dossier");
        }

        foreach (var (part, fileName, bytes) in files)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            content.Add(file, part, fileName);
        }

        if (json is not null && jsonLast)
        {
            content.Add(new StringContent(json, Encoding.UTF8, "application/json"), "dossier");
        }

        return content;
    }

    public static MultipartFormDataContent Valid(string? json = null, bool jsonLast = false) =>
        Dossier(json ?? TestFiles.SampleDossierJson, [("statutes", "statuts.pdf", TestFiles.StatutesPdf), ("annual-accounts", "comptes.pdf", TestFiles.AccountsPdf)], jsonLast);
}
