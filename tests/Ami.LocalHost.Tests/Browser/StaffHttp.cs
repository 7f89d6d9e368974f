using System.Net;
using System.Text.RegularExpressions;
using Ami.Testing;

namespace Ami.LocalHost.Tests.Browser;

/// <summary>A staff member's own HTTP client on the site (its cookies, no automatic redirect), for the refusals' tests.</summary>
internal sealed partial class StaffHttp : IDisposable
{
    private readonly HttpClientHandler _handler;

    public StaffHttp(Uri baseUrl)
    {
        _handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true };
        Http = new HttpClient(_handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Http { get; }

    public CookieContainer Cookies => _handler.CookieContainer;

    /// <summary>Signs in through <c>/connexion</c> as the demo account <paramref name="account"/>; asserts the 303 and the cookie.</summary>
    public async Task SignInAsync(string account)
    {
        var form = await Http.GetStringAsync("/connexion");
        using var post = await Http.PostAsync("/connexion", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["jeton"] = FormToken(form),
            ["compte"] = account,
            ["cle"] = LocalHostProcess.TestStaffKey,
            ["retour"] = "/gestion",
        }));
        Assert.Equal(HttpStatusCode.SeeOther, post.StatusCode);
        Assert.Equal("/gestion", post.Headers.Location?.OriginalString);
        Assert.NotNull(Cookies.GetCookies(Http.BaseAddress!)["ami-gestion"]);
    }

    /// <summary>The anti-forgery token of a page's forms.</summary>
    public static string FormToken(string html)
    {
        var match = TokenField().Match(html);
        Assert.True(match.Success, "no anti-forgery token in the page");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public void Dispose()
    {
        Http.Dispose();
        _handler.Dispose();
    }

    [GeneratedRegex("name=\"jeton\" value=\"([^\"]+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex TokenField();
}
