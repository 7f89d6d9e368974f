using Microsoft.DurableTask;

namespace Ami.Workflow;

/// <summary>
/// The orchestrations and activities of the journey, registered once for every engine: the local
/// host's worker and the tests' DurableTaskTestHost. Ami.Functions binds the same methods with
/// [OrchestrationTrigger]/[ActivityTrigger].
/// </summary>
public static class WorkflowTasks
{
    public static DurableTaskRegistry AddAmiTasks(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry;
    }
}
