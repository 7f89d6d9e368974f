using Ami.Workflow.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;

namespace Ami.Workflow.Actions;

/// <summary>
/// Read-only SAS links to blobs of the private container <c>dossiers</c>: signed with the account key when the
/// client holds one (connection string, Azurite), else a user delegation SAS (identity-based connection; the
/// identity needs "Storage Blob Delegator" and read access on the container).
/// </summary>
public sealed class BlobAttachmentLinks(AmiStorage storage, TimeProvider clock) : IAttachmentLinks
{
    public async Task<Uri> ReadLinkAsync(string blobName, TimeSpan validity, CancellationToken cancellationToken)
    {
        var blobs = storage.Blobs;
        var blob = storage.Dossiers.GetBlobClient(blobName);
        var now = clock.GetUtcNow();
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, now.Add(validity))
        {
            BlobContainerName = AmiStorage.DossiersContainer,
            BlobName = blobName,
            Resource = "b",
            StartsOn = now.AddMinutes(-5),
            Protocol = blobs.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
            ContentDisposition = "attachment",
        };
        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(sas);
        }

        var key = await blobs.GetUserDelegationKeyAsync(now.AddMinutes(-5), now.Add(validity), cancellationToken);
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key.Value, blobs.AccountName) }.ToUri();
    }
}
