using Ami.LocalHost.Dev;

namespace Ami.Testing;

/// <summary>
/// A real Azurite (from the repository's pinned npm package) on free loopback ports, in memory, shared by
/// the tests of a collection. Tests isolate themselves by using their own container/table names or ids.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    public string ConnectionString => (_azurite ?? throw new InvalidOperationException("Azurite not started")).ConnectionString;

    public AzuriteProcess Process => _azurite ?? throw new InvalidOperationException("Azurite not started");

    public async Task InitializeAsync() => _azurite = await AzuriteProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
