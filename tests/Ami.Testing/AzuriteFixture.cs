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

/// <summary>
/// The name of the collection sharing one <see cref="AzuriteFixture"/>. xunit only sees collection
/// definitions declared in the test assembly itself, so each test project that uses it declares
/// <c>[CollectionDefinition(AzuriteCollection.Name)] class … : ICollectionFixture&lt;AzuriteFixture&gt;</c>.
/// </summary>
public static class AzuriteCollection
{
    public const string Name = "Azurite";
}
