namespace Ami.Workflow.Ports;

/// <summary>The bytes of a dossier's stored file (its blob), read as a stream.</summary>
public interface IAttachmentContent
{
    /// <summary>Opens the stored file for reading; null when it is gone (replaced or deleted meanwhile).</summary>
    Task<Stream?> OpenReadAsync(AttachmentInfo attachment, CancellationToken cancellationToken);
}
