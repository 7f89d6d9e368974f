using System.Diagnostics;
using Ami.Testing;
using Xunit.Abstractions;

namespace Ami.LocalHost.Tests.EndToEnd;

/// <summary>
/// scripts/walkthrough.sh (the README's walk-through, bash + curl + node) against the local host process, as a
/// newcomer runs it against ./run.sh: from the filing to a closed dossier with both instalments.
/// </summary>
[Collection(EndToEndJourneyCollection.Name)]
public sealed class WalkthroughScriptTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task WalkthroughScript_AgainstTheLocalHost_ClosesTheDossierWithBothInstalments()
    {
        await using var host = await LocalHostProcess.StartAsync(azurite.ConnectionString, "walk" + Guid.NewGuid().ToString("N")[..12]);
        var script = Path.Combine(TestFiles.RepositoryRoot, "scripts", "walkthrough.sh");
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(host.BaseUrl.ToString().TrimEnd('/'));
        psi.ArgumentList.Add(LocalHostProcess.TestStaffKey);
        psi.Environment["AMI_WALKTHROUGH_TIMEOUT"] = "90";

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var printed = await stdout;
        output.WriteLine(printed);
        output.WriteLine(await stderr);
        Assert.True(process.ExitCode == 0, $"walkthrough.sh exited with {process.ExitCode}: {await stderr}\n{host.Output[^Math.Min(host.Output.Length, 3000)..]}");
        Assert.Contains("instalment 1: 70 % = 19833.33 €, released", printed, StringComparison.Ordinal);
        Assert.Contains("instalment 2: 30 % = 8500.00 €, released", printed, StringComparison.Ordinal);
        Assert.Contains("payment orders mailed to finance@region.example: 2", printed, StringComparison.Ordinal);
        Assert.Contains("is closed.", printed, StringComparison.Ordinal);
    }
}
