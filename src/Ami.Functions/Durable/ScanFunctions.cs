using Ami.Workflow.Activities;
using Ami.Workflow.Scanning;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Ami.Functions.Durable;

/// <summary>The antivirus scan of a dossier's files (orchestration and activity), bound for the Functions host.</summary>
public sealed class ScanFunctions(ScanAttachmentsActivity scanAttachments)
{
    [Function(AttachmentScan.Orchestrator)]
    public static Task<ScanOutcome> Run([OrchestrationTrigger] TaskOrchestrationContext context, ScanRun input) =>
        AttachmentScan.RunAsync(context, input);

    [Function(ActivityNames.ScanAttachments)]
    public Task<ScanReport> ScanAttachments([ActivityTrigger] ScanRequest input, CancellationToken cancellationToken) =>
        scanAttachments.ExecuteAsync(input, cancellationToken);
}
