using System.Text.RegularExpressions;
using Ami.LocalHost.Tests.EndToEnd;
using Ami.Testing;
using Microsoft.Playwright;

namespace Ami.LocalHost.Tests.Browser;

/// <summary>
/// One local host process on its own Azurite and one headless Chromium (Debian's <c>/usr/bin/chromium</c>, driven
/// by Playwright) for a whole test class. Each page a test visits goes through <see cref="CheckAsync"/>: axe-core
/// (pinned in package.json) with no serious or critical violation, and a screenshot under the test output.
/// </summary>
public class BrowserSite : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();
    private IPlaywright? _playwright;
    private string _axe = "";

    internal AmiSite Site { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where the screenshots go: <c>{test output}/screenshots/</c>.</summary>
    public static string ScreenshotDir { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public Uri BaseUrl => Site.Process.BaseUrl;

    /// <summary>More settings of the site's process (<see cref="WorkspaceBrowserSite"/>: journeys of 1.3).</summary>
    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    public async Task InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("AMI_CHROMIUM") ?? "/usr/bin/chromium";
        Assert.True(File.Exists(chromium), $"{chromium} is missing: ./test.sh installs it (apt-get install -y chromium).");
        var axe = Path.Combine(TestFiles.RepositoryRoot, "node_modules", "axe-core", "axe.min.js");
        Assert.True(File.Exists(axe), $"{axe} is missing: ./test.sh installs it (npm ci).");
        _axe = await File.ReadAllTextAsync(axe);
        Directory.CreateDirectory(ScreenshotDir);

        await _azurite.InitializeAsync();
        Site = await AmiSite.StartAsync(_azurite.ConnectionString, "pages", Settings);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Args = ["--no-sandbox"], Headless = true });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Site is not null)
        {
            await Site.DisposeAsync();
        }

        await _azurite.DisposeAsync();
    }

    /// <summary>A fresh browser context (no cookies), French, phone-sized when asked.</summary>
    public async Task<IPage> NewPageAsync(bool phone = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "fr-FR",
            BypassCSP = true, // only so that the test can inject axe-core; the pages themselves load no inline script
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
        });
        return await context.NewPageAsync();
    }

    /// <summary>The local address of a link mailed with the public base URL.</summary>
    public string Local(Uri publicLink) => new Uri(BaseUrl, publicLink.PathAndQuery).AbsoluteUri;

    /// <summary>The personal link of a mail to the holder: <c>{public}/mon-dossier/{token}</c>.</summary>
    internal static Uri PersonalLink(CapturedMail mail)
    {
        var match = Regex.Match(mail.Text ?? "", Regex.Escape(AmiSite.PublicBaseUrl) + @"/mon-dossier/[A-Za-z0-9_~.%-]+", RegexOptions.CultureInvariant);
        Assert.True(match.Success, $"no personal link in {mail}: {mail.Text}");
        return new Uri(match.Value);
    }

    /// <summary>
    /// A screenshot for the documentation, after <see cref="CheckAsync"/>: the top of the page (at most
    /// <paramref name="height"/> px, a README reads a tall page badly) under <c>screenshots/docs/</c>;
    /// <c>scripts/docs-screenshots.sh</c> copies them to <c>docs/screenshots/</c>.
    /// </summary>
    public static async Task DocScreenshotAsync(IPage page, string name, int height = 1400)
    {
        var full = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        var dir = Path.Combine(ScreenshotDir, "docs");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(dir, name + ".png"),
            FullPage = true,
            Clip = new Clip { X = 0, Y = 0, Width = page.ViewportSize?.Width ?? 1280, Height = Math.Min(height, full) },
        });
    }

    /// <summary>axe-core on the page as it is: no serious or critical violation; then a full-page screenshot.</summary>
    public async Task CheckAsync(IPage page, string name)
    {
        Assert.Equal("fr", await page.GetAttributeAsync("html", "lang"));
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = _axe });
        var result = await page.EvaluateAsync<string>(
            "async () => JSON.stringify((await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })).violations" +
            ".filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', ')))");
        Assert.True(result == "[]", $"axe-core on {name} ({page.Url}): {result}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDir, name + ".png"), FullPage = true });
    }
}

/// <summary>A <see cref="BrowserSite"/> whose journeys are of 1.3: the jurors work from their workspace.</summary>
public sealed class WorkspaceBrowserSite : BrowserSite
{
    protected override IReadOnlyDictionary<string, string>? Settings { get; } = new Dictionary<string, string> { ["Ami__Journey__StartVersion"] = "1.3" };
}
