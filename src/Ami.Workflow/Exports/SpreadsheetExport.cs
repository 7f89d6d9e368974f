using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.Http;
using MiniExcel = MiniExcelLibs.MiniExcel;

namespace Ami.Workflow.Exports;

/// <summary>One column of an export: its French header and its cell, as text (amounts already written the French way).</summary>
public sealed record ExportColumn<T>(string Header, Func<T, string> Cell);

/// <summary>
/// The staff's exports, through well-kept libraries: CSV with CsvHelper (RFC 4180, semicolons and a UTF-8 BOM as a French
/// spreadsheet expects, cells that a spreadsheet would run as a formula escaped), XLSX with MiniExcel. Both write row by
/// row from an enumeration: memory stays flat whatever the number of rows.
/// </summary>
public static class SpreadsheetExport
{
    public static readonly CsvWriterOptions CsvOptions = new()
    {
        Separator = ';',
        NewLine = "\r\n",
        WriteByteOrderMark = true,
        Injection = CsvInjection.Escape,
    };

    /// <summary>Writes the header and the rows to <paramref name="output"/> (left open).</summary>
    public static async Task WriteCsvAsync<T>(Stream output, IReadOnlyList<ExportColumn<T>> columns, IEnumerable<T> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        await using var csv = CsvWriter.Create(output, CsvOptions, leaveOpen: true);
        await csv.WriteRecordAsync([.. columns.Select(c => c.Header)], cancellationToken);
        var cells = new string[columns.Count];
        foreach (var row in rows)
        {
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = columns[i].Cell(row);
            }

            await csv.WriteRecordAsync(cells, cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }

    /// <summary>The CSV as an HTTP answer, streamed (never built whole in memory), as an attachment named <paramref name="fileName"/>.</summary>
    public static IResult Csv<T>(string fileName, IReadOnlyList<ExportColumn<T>> columns, IEnumerable<T> rows) =>
        new StreamedFile(fileName, "text/csv; charset=utf-8", (stream, ct) => WriteCsvAsync(stream, columns, rows, ct));

    /// <summary>
    /// The XLSX as an HTTP answer. MiniExcel writes the sheet row by row into a temporary file (a zip needs to seek back
    /// to its entries' headers, and the response stream cannot), which is then streamed and deleted: memory stays flat.
    /// </summary>
    public static IResult Xlsx<T>(string fileName, IReadOnlyList<ExportColumn<T>> columns, IEnumerable<T> rows) =>
        new StreamedFile(fileName, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", async (stream, ct) =>
        {
            var path = Path.Combine(Path.GetTempPath(), "ami-export-" + Guid.NewGuid().ToString("N") + ".xlsx");
            try
            {
                var sheet = rows.Select(row => (IDictionary<string, object?>)columns.ToDictionary(c => c.Header, c => (object?)c.Cell(row), StringComparer.Ordinal));
                await MiniExcel.SaveAsAsync(path, sheet, cancellationToken: ct);
                await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
                await file.CopyToAsync(stream, ct);
            }
            finally
            {
                File.Delete(path);
            }
        });

    private sealed class StreamedFile(string fileName, string contentType, Func<Stream, CancellationToken, Task> write) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = contentType;
            response.Headers.ContentDisposition = "attachment; filename=\"" + Ascii(fileName) + "\"; filename*=UTF-8''" + Uri.EscapeDataString(fileName);
            response.Headers.CacheControl = "no-store";
            response.Headers.XContentTypeOptions = "nosniff";
            await write(response.Body, httpContext.RequestAborted);
        }

        private static string Ascii(string name)
        {
            var text = new StringBuilder(name.Length);
            foreach (var c in name)
            {
                text.Append(c is >= ' ' and <= '~' and not '"' and not '\\' ? c : '_');
            }

            return text.ToString();
        }
    }
}
