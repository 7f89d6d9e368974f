using Ami.Workflow.Orchestrations;

namespace Ami.Workflow.Tests.Journey;

/// <summary>
/// The names of the external events are written in the histories of running instances and awaited by them: a
/// renamed constant must keep its wire name, or a deployment strands every dossier waiting for that event.
/// </summary>
public sealed class JourneyEventNamesTests
{
    [Fact]
    public void EventNames_OnTheWire_NeverChange()
    {
        Assert.Equal(
            ["ActionDecided", "Resubmitted", "DeadlineChanged", "StartDeclared", "BilanSubmitted", "Withdrawn"],
            [JourneyEvents.ActionDecided, JourneyEvents.Resubmitted, JourneyEvents.CampaignChanged, JourneyEvents.StartDeclared, JourneyEvents.BilanSubmitted, JourneyEvents.Withdrawn]);
    }
}
