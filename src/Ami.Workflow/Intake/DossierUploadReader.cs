using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ami.Domain.Campaigns;
using Ami.Domain.Dossiers;
using Ami.Domain.Validation;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Ami.Workflow.Intake;

/// <summary>The part names of the dossier multipart (docs/api.md).</summary>
public static class PartNames
{
    public const string Dossier = "dossier";
    public const string Statutes = "statutes";
    public const string AnnualAccounts = "annual-accounts";
    public const string Annex = "annex";
}

/// <summary>What was read from a dossier multipart, and everything wrong with it.</summary>
internal sealed class UploadResult
{
    public byte[]? DossierJson { get; set; }

    public DossierSubmission? Submission { get; set; }

    /// <summary>Shape, eligibility and missing-file errors (400).</summary>
    public List<FieldError> Errors { get; } = [];

    /// <summary>Files whose content is not an accepted type (415).</summary>
    public List<FieldError> TypeErrors { get; } = [];

    /// <summary>A limit passed while reading (413): reading stopped there.</summary>
    public UploadLimit Limit { get; set; }

    public string? LimitField { get; set; }

    public List<StoredFile> Files { get; } = [];

    /// <summary>SHA-256 (hex) of the request's content: every part's name, file name and content hash, in order.</summary>
    public string Fingerprint { get; set; } = "";
}

/// <summary>
/// Reads a dossier multipart in one pass, as it arrives (the request body is read exactly once, in any
/// part order): the JSON part is kept (≤ 1 MiB), each file part is checked by content, hashed, counted
/// against the campaign's limits and streamed to Blob storage (or, when nothing may be stored, read and
/// dropped). Never a buffered form, never a whole file in memory: at most the 64 KiB sniffing window and
/// the Blob client's blocks.
/// </summary>
internal static class DossierUploadReader
{
    public const int MaxJsonBytes = 1024 * 1024;

    public static async Task<UploadResult> ReadAsync(Stream body, string boundary, Campaign campaign, BlobStager? stager, CancellationToken cancellationToken)
    {
        var limits = campaign.Attachments;
        var result = new UploadResult();
        var budget = new UploadBudget(limits.MaxDossierBytes);
        using var fingerprint = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var reader = new MultipartReader(boundary, body, bufferSize: 64 * 1024) { BodyLengthLimit = null, HeadersLengthLimit = 16 * 1024 };
        var fileCount = 0;
        var annexCount = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new PendingUpload();
        try
        {
            await ReadPartsAsync();
            await pending.DrainAsync(rethrow: true); // the last file is stored, or its error is the upload's
        }
        finally
        {
            // Whatever happened, nothing may still be writing when the caller commits or cleans up.
            await pending.DrainAsync(rethrow: false);
        }

        result.Fingerprint = Convert.ToHexStringLower(fingerprint.GetHashAndReset());
        return result;

        async Task ReadPartsAsync()
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition);
                var name = HeaderUtilities.RemoveQuotes(disposition?.Name ?? default).ToString();
                var fileName = disposition is null ? null : HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).ToString();
                AppendToFingerprint(fingerprint, name, fileName);

                if (name == PartNames.Dossier)
                {
                    if (!seen.Add(name))
                    {
                        result.Errors.Add(new FieldError(PartNames.Dossier, "duplicate-part", "La partie « dossier » ne doit figurer qu'une fois."));
                        fingerprint.AppendData(await DrainAsync(section.Body, long.MaxValue, budget, result, name, cancellationToken));
                        if (result.Limit != UploadLimit.None)
                        {
                            break;
                        }

                        continue;
                    }

                    var json = await ReadJsonAsync(section.Body, cancellationToken);
                    if (json is null)
                    {
                        result.Limit = UploadLimit.DossierPartTooLarge;
                        result.LimitField = PartNames.Dossier;
                        break;
                    }

                    result.DossierJson = json;
                    fingerprint.AppendData(SHA256.HashData(json));
                    continue;
                }

                var kind = name switch
                {
                    PartNames.Statutes or PartNames.AnnualAccounts or PartNames.Annex => name,
                    _ => null,
                };
                if (kind is null)
                {
                    result.Errors.Add(new FieldError(string.IsNullOrEmpty(name) ? "(sans nom)" : name, "unknown-part",
                        "Partie inconnue : les parties attendues sont « dossier », « statutes », « annual-accounts » et « annex »."));
                    fingerprint.AppendData(await DrainAsync(section.Body, limits.MaxFileBytes, budget, result, name, cancellationToken));
                    if (result.Limit != UploadLimit.None)
                    {
                        break;
                    }

                    continue;
                }

                if (++fileCount > limits.MaxFiles)
                {
                    result.Limit = UploadLimit.TooManyFiles;
                    result.LimitField = name;
                    break;
                }

                var field = kind == PartNames.Annex ? $"annex[{annexCount++}]" : kind;
                var duplicate = kind != PartNames.Annex && !seen.Add(kind);
                if (duplicate)
                {
                    result.Errors.Add(new FieldError(kind, "duplicate-part", $"Un seul fichier « {kind} » est attendu ; ajoutez les autres pièces en « annex »."));
                }

                var hash = await ReadFileAsync(section.Body, kind, field, fileName, duplicate ? null : stager, limits, budget, result, pending, cancellationToken);
                fingerprint.AppendData(hash);
                if (result.Limit != UploadLimit.None)
                {
                    break;
                }
            }
        }
    }

    /// <summary>Checks what only the whole upload shows: JSON shape, eligibility, required files.</summary>
    public static void Validate(UploadResult result, Campaign campaign)
    {
        if (result.DossierJson is null)
        {
            result.Errors.Add(new FieldError(PartNames.Dossier, ErrorCodes.Required, "La partie « dossier » (JSON du dossier) est obligatoire."));
        }
        else
        {
            // Shape and eligibility together, every problem at once (Ami.Domain); a problem with the whole
            // document has no field: here it is the "dossier" part.
            var (submission, errors) = DossierJson.ParseAndCheck(Encoding.UTF8.GetString(result.DossierJson), campaign);
            result.Submission = submission;
            result.Errors.AddRange(errors.Select(e => e.Field.Length == 0 ? e with { Field = PartNames.Dossier } : e));
        }

        // A file that was sent but refused (empty, of a type not accepted) is reported as such, not also as missing.
        var kinds = result.Files.Select(f => f.Kind).Concat(result.TypeErrors.Select(e => e.Field)).Concat(result.Errors.Where(e => e.Code == "empty-file").Select(e => e.Field)).ToHashSet(StringComparer.Ordinal);
        if (!kinds.Contains(PartNames.Statutes))
        {
            result.Errors.Add(new FieldError(PartNames.Statutes, ErrorCodes.Required, "Les statuts du porteur sont obligatoires (fichier « statutes »)."));
        }

        if (result.Submission?.Holder?.Type != HolderType.UserCollective && !kinds.Contains(PartNames.AnnualAccounts))
        {
            result.Errors.Add(new FieldError(PartNames.AnnualAccounts, ErrorCodes.Required,
                "Les comptes annuels sont obligatoires (fichier « annual-accounts »), sauf pour un collectif d'usagers."));
        }
    }

    private static void AppendToFingerprint(IncrementalHash fingerprint, string name, string? fileName)
    {
        fingerprint.AppendData(Encoding.UTF8.GetBytes(name));
        fingerprint.AppendData([0]);
        fingerprint.AppendData(Encoding.UTF8.GetBytes(fileName ?? ""));
        fingerprint.AppendData([0]);
    }

    private static async Task<byte[]?> ReadJsonAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int n;
            while ((n = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + n > MaxJsonBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, n);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    /// <summary>Reads one file part: sniff, then store (or drop); returns its SHA-256.</summary>
    private static async Task<byte[]> ReadFileAsync(
        Stream body, string kind, string field, string? fileName, BlobStager? stager, AttachmentLimits limits, UploadBudget budget, UploadResult result, PendingUpload pending, CancellationToken cancellationToken)
    {
        var head = ArrayPool<byte>.Shared.Rent(ContentSniffer.WindowSize);
        try
        {
            var headLength = await FillAsync(body, head.AsMemory(0, ContentSniffer.WindowSize), cancellationToken);
            using var stream = new UploadStream(head.AsMemory(0, headLength), body, limits.MaxFileBytes, budget);
            var type = ContentSniffer.Detect(head.AsSpan(0, headLength));
            var label = FileNames.Sanitize(fileName);
            if (headLength == 0)
            {
                result.Errors.Add(new FieldError(field, "empty-file", $"Le fichier « {label} » est vide."));
            }
            else if (type is null)
            {
                result.TypeErrors.Add(new FieldError(field, "unsupported-type",
                    $"Le fichier « {label} » n'est ni un PDF, ni une image PNG ou JPEG, ni un document DOCX, XLSX, ODT ou ODS."));
            }

            try
            {
                if (stager is null || type is null || headLength == 0)
                {
                    await stream.CopyToAsync(Stream.Null, cancellationToken);
                }
                else
                {
                    // One file is sent while the next is received: wait for the one before (bounded memory).
                    await pending.DrainAsync(rethrow: true);
                    var attachmentId = Storage.DossierIds.RandomToken(12);
                    var blobName = stager.NameOf(attachmentId, label);
                    pending.Task = await stager.StoreAsync(attachmentId, label, type, stream, cancellationToken);
                    var hash = stream.GetHash();
                    result.Files.Add(new StoredFile(attachmentId, kind, label, type.ContentType, stream.Length64, Convert.ToHexStringLower(hash), blobName));
                    return hash;
                }
            }
            catch (Exception) when (stream.Exceeded != UploadLimit.None)
            {
                result.Limit = stream.Exceeded;
                result.LimitField = field;
                return [];
            }

            return stream.GetHash();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(head);
        }
    }

    private static async Task<byte[]> DrainAsync(Stream body, long maxBytes, UploadBudget budget, UploadResult result, string field, CancellationToken cancellationToken)
    {
        using var stream = new UploadStream(ReadOnlyMemory<byte>.Empty, body, maxBytes, budget);
        try
        {
            await stream.CopyToAsync(Stream.Null, cancellationToken);
        }
        catch (UploadLimitExceededException e)
        {
            result.Limit = e.Limit;
            result.LimitField = field;
            return [];
        }

        return stream.GetHash();
    }

    private static async Task<int> FillAsync(Stream body, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = await body.ReadAsync(buffer[total..], cancellationToken);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}

/// <summary>The file still being sent while the next one is received (at most one).</summary>
internal sealed class PendingUpload
{
    public Task? Task { get; set; }

    public async Task DrainAsync(bool rethrow)
    {
        var task = Task;
        Task = null;
        if (task is null)
        {
            return;
        }

        if (rethrow)
        {
            await task;
        }
        else
        {
            await task.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }
}

internal static class LimitTexts
{
    public static string Describe(UploadLimit limit, Campaign campaign) => limit switch
    {
        UploadLimit.FileTooLarge => $"Un fichier dépasse la taille maximale de {Megabytes(campaign.Attachments.MaxFileBytes)}.",
        UploadLimit.DossierTooLarge => $"L'ensemble des fichiers dépasse la taille maximale d'un dossier ({Megabytes(campaign.Attachments.MaxDossierBytes)}).",
        UploadLimit.TooManyFiles => $"Un dossier compte au plus {campaign.Attachments.MaxFiles.ToString(CultureInfo.InvariantCulture)} fichiers.",
        UploadLimit.DossierPartTooLarge => $"La partie « dossier » dépasse {Megabytes(DossierUploadReader.MaxJsonBytes)}.",
        _ => "",
    };

    public static string Code(UploadLimit limit) => limit switch
    {
        UploadLimit.FileTooLarge => "file-too-large",
        UploadLimit.DossierTooLarge => "dossier-too-large",
        UploadLimit.TooManyFiles => "too-many-files",
        UploadLimit.DossierPartTooLarge => "dossier-part-too-large",
        _ => "too-large",
    };

    private static string Megabytes(long bytes) =>
        (bytes / (1024d * 1024d)).ToString("0.##", CultureInfo.GetCultureInfo("fr-FR")) + " Mo";
}
