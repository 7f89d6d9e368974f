using Ami.Testing;

namespace Ami.LocalHost.Tests.EndToEnd;

/// <summary>
/// The end-to-end scenarios run in two collections, each on its own Azurite, so that xunit runs them side by
/// side (their time is mostly spent waiting for durable timers): the whole journey then the intake's bad
/// inputs in one, the restart in the other. xunit v2 only sees collection definitions of the test assembly.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EndToEndJourneyCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "EndToEnd.Journey";
}

/// <inheritdoc cref="EndToEndJourneyCollection"/>
[CollectionDefinition(Name)]
public sealed class EndToEndRestartCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "EndToEnd.Restart";
}
