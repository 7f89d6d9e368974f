using Ami.Testing;

namespace Ami.LocalHost.Tests;

/// <summary>xunit only sees collection definitions of the test assembly itself.</summary>
[CollectionDefinition(AzuriteCollection.Name)]
public sealed class AzuriteCollectionDefinition : ICollectionFixture<AzuriteFixture>;
