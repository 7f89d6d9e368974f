using Ami.Workflow.Ports;
using Azure;
using Azure.Storage.Blobs.Models;

namespace Ami.Workflow.Storage;

/// <summary>A dossier's files in the private <c>dossiers</c> container, streamed (never loaded whole).</summary>
public sealed class BlobAttachmentContent(AmiStorage clients) : IAttachmentContent
{
    public async Task<Stream?> OpenReadAsync(AttachmentInfo attachment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        try
        {
            return await clients.Dossiers.GetBlobClient(attachment.BlobName).OpenReadAsync(new BlobOpenReadOptions(allowModifications: false), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
