namespace Ami.Workflow.Actions;

/// <summary>Short-lived read links to a dossier's private blobs (the jury and staff pages list them).</summary>
public interface IAttachmentLinks
{
    /// <summary>A URL that reads <paramref name="blobName"/> (container <c>dossiers</c>) for <paramref name="validity"/>.</summary>
    Task<Uri> ReadLinkAsync(string blobName, TimeSpan validity, CancellationToken cancellationToken);
}
