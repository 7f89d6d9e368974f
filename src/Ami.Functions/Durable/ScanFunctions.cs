using Ami.Workflow.Scanning;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Ami.Functions.Durable;

/// <summary>The antivirus scan of a dossier's files (its orchestration; the activity is bound with the others, <see cref="JourneyActivityFunctions"/>).</summary>
public static class ScanFunctions
{
    [Function(AttachmentScan.Orchestrator)]
    public static Task<ScanOutcome> Run([OrchestrationTrigger] TaskOrchestrationContext context, ScanRun input) =>
        AttachmentScan.RunAsync(context, input);
}
