namespace Ami.LocalHost.Tests;

public sealed class StartupSettingsTests
{
    [Fact]
    public void ResolveUrls_NotGiven_Defaults7071OnLoopback()
    {
        var (urls, baseUrl) = AmiLocalHost.ResolveUrls(null);

        Assert.Equal("http://127.0.0.1:7071", urls);
        Assert.Equal(new Uri("http://127.0.0.1:7071"), baseUrl);
    }

    [Fact]
    public void ResolveUrls_WildcardHostAndPortZero_OwnUrlIsLoopbackWithFreePort()
    {
        var (urls, baseUrl) = AmiLocalHost.ResolveUrls("http://0.0.0.0:0;http://127.0.0.1:8080");

        Assert.Equal("127.0.0.1", baseUrl.Host);
        Assert.NotEqual(0, baseUrl.Port);
        Assert.EndsWith(";http://127.0.0.1:8080", urls, StringComparison.Ordinal);
        Assert.StartsWith($"http://0.0.0.0:{baseUrl.Port}", urls, StringComparison.Ordinal);
    }
}
