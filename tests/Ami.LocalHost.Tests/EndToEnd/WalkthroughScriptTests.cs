using System.Diagnostics;
using Ami.Testing;
using Xunit.Abstractions;

namespace Ami.LocalHost.Tests.EndToEnd;

/// <summary>
/// The README's walk-through (its bash block, as pasted into a terminal) and scripts/walkthrough.sh, against the
/// local host process as a newcomer runs them against ./run.sh: from the filing to a closed dossier with both
/// instalments.
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

        var (exitCode, printed, errors) = await RunAsync(psi);

        Assert.True(exitCode == 0, $"walkthrough.sh exited with {exitCode}: {errors}\n{Tail(host.Output)}");
        Assert.Contains("instalment 1: 70 % = 19833.33 €, released", printed, StringComparison.Ordinal);
        Assert.Contains("instalment 2: 30 % = 8500.00 €, released", printed, StringComparison.Ordinal);
        Assert.Contains("payment orders mailed to finance@region.example: 2", printed, StringComparison.Ordinal);
        Assert.Contains("is closed.", printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadmeWalkthrough_PastedIntoBash_ClosesTheDossierWithBothInstalments()
    {
        await using var host = await LocalHostProcess.StartAsync(azurite.ConnectionString, "readme" + Guid.NewGuid().ToString("N")[..12]);
        var readme = await File.ReadAllTextAsync(Path.Combine(TestFiles.RepositoryRoot, "README.md"));
        var section = readme[readme.IndexOf("## Try it", StringComparison.Ordinal)..];
        var start = section.IndexOf("```bash\n", StringComparison.Ordinal) + "```bash\n".Length;
        var block = section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
        Assert.Contains("B=http://127.0.0.1:7071\n", block, StringComparison.Ordinal);
        Assert.Contains("KEY=<staff key printed by run.sh>\n", block, StringComparison.Ordinal);
        var script = "set -e\n" + block
            .Replace("B=http://127.0.0.1:7071\n", $"B={host.BaseUrl.ToString().TrimEnd('/')}\n", StringComparison.Ordinal)
            .Replace("KEY=<staff key printed by run.sh>\n", $"KEY={LocalHostProcess.TestStaffKey}\n", StringComparison.Ordinal);
        var psi = new ProcessStartInfo("timeout") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = TestFiles.RepositoryRoot };
        psi.ArgumentList.Add("240"); // the block's loops wait for mails and statuses
        psi.ArgumentList.Add("bash");
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);

        var (exitCode, printed, errors) = await RunAsync(psi);

        Assert.True(exitCode == 0, $"the README's walk-through exited with {exitCode}: {errors}\n{Tail(printed)}\n{Tail(host.Output)}");
        var dossierId = System.Text.RegularExpressions.Regex.Match(printed, "\"dossierId\":\"([^\"]+)\"").Groups[1].Value;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/dossiers/{dossierId}", UriKind.Relative));
        request.Headers.Add("x-functions-key", LocalHostProcess.TestStaffKey);
        using var answer = await host.Http.SendAsync(request);
        var view = System.Text.Json.JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("closed", view.GetProperty("status").GetString());
        Assert.Equal(["released", "released"], view.GetProperty("instalments").EnumerateArray().Select(i => i.GetProperty("status").GetString()));
        Assert.Equal(28333.33m, view.GetProperty("instalments").EnumerateArray().Sum(i => i.GetProperty("amount").GetDecimal()));
        Assert.Contains("Ordre de paiement : versement n° 2", printed, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Output, string Errors)> RunAsync(ProcessStartInfo psi)
    {
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
        var errors = await stderr;
        output.WriteLine(printed);
        output.WriteLine(errors);
        return (process.ExitCode, printed, errors);
    }

    private static string Tail(string text) => text[^Math.Min(text.Length, 3000)..];
}
