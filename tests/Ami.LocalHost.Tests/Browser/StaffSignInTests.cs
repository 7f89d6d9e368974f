using System.Net;
using Ami.Testing;
using Ami.Workflow.Staff;
using Microsoft.Playwright;

namespace Ami.LocalHost.Tests.Browser;

/// <summary>
/// Staff sign in as themselves: the local sign-in page in Chromium (axe-core on each page), and the refusals over
/// HTTP: no or a forged cookie, a forged principal header while the platform's authentication is off, a POST without
/// its anti-forgery token.
/// </summary>
public sealed class StaffSignInTests(BrowserSite browser) : IClassFixture<BrowserSite>
{
    [Fact]
    public async Task SignIn_FromAStaffPage_AsksWhoAndTheKey_ThenComesBackNamingThePerson()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(browser.BaseUrl, "/gestion").AbsoluteUri);
        Assert.EndsWith("/connexion?retour=%2Fgestion", page.Url, StringComparison.Ordinal);
        Assert.Equal("Connexion à la gestion", await page.InnerTextAsync("h1"));
        await browser.CheckAsync(page, "gestion-connexion");

        // Nothing chosen, nothing typed: both errors, in the summary and next to their fields; no cookie.
        await page.ClickAsync("button[type=submit]");
        Assert.Equal(2, await page.Locator(".resume-erreurs li").CountAsync());
        Assert.Contains("Choisissez votre compte.", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == StaffSessions.CookieName);
        await browser.CheckAsync(page, "gestion-connexion-erreurs");

        // A wrong key: refused.
        await page.CheckAsync("#compte-instruction");
        await page.FillAsync("#cle", "pas-la-bonne-cle");
        await page.ClickAsync("button[type=submit]");
        Assert.Contains("Cette clé n'est pas la clé d'accès", await page.InnerTextAsync("main"), StringComparison.Ordinal);

        await page.CheckAsync("#compte-instruction");
        await page.FillAsync("#cle", LocalHostProcess.TestStaffKey);
        await page.ClickAsync("button[type=submit]");
        Assert.EndsWith("/gestion", page.Url, StringComparison.Ordinal);
        Assert.Equal("Gestion de l'appel", await page.InnerTextAsync("h1"));
        Assert.Contains("Claire Durand", await page.InnerTextAsync("header"), StringComparison.Ordinal);
        var cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == StaffSessions.CookieName);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        await browser.CheckAsync(page, "gestion-accueil");

        // Signing out ends the session.
        await page.ClickAsync("text=Se déconnecter");
        Assert.EndsWith("/connexion", page.Url, StringComparison.Ordinal);
        await page.GotoAsync(new Uri(browser.BaseUrl, "/gestion").AbsoluteUri);
        Assert.Contains("/connexion", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffPage_WithoutACookie_OrWithAForgedOne_OrWithAForgedPrincipalHeader_SendsToTheSignIn()
    {
        using var anonymous = new StaffHttp(browser.BaseUrl);
        using (var bare = await anonymous.Http.GetAsync("/gestion"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, bare.StatusCode);
            Assert.Equal("/connexion?retour=%2Fgestion", bare.Headers.Location?.OriginalString);
        }

        // A real session's cookie with its account changed, and a random value: nobody.
        using var signedIn = new StaffHttp(browser.BaseUrl);
        await signedIn.SignInAsync("finance");
        var real = signedIn.Cookies.GetCookies(browser.BaseUrl)[StaffSessions.CookieName]!.Value;
        var dot = real.IndexOf('.', StringComparison.Ordinal);
        var payload = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(real.AsSpan(0, dot)));
        var forged = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(payload.Replace("finance", "admin", StringComparison.Ordinal))) + real[dot..];
        foreach (var value in new[] { forged, "s1.AAAA", real + "x" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/gestion");
            request.Headers.Add("Cookie", StaffSessions.CookieName + "=" + value);
            using var response = await anonymous.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        }

        // The platform's header, sent by a client while the platform's authentication is off: ignored.
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/gestion"))
        {
            request.Headers.Add(ClientPrincipal.HeaderName, ClientPrincipal.Encode("aad", [
                ("http://schemas.microsoft.com/identity/claims/objectidentifier", "forged-oid"), ("name", "Faussaire"), ("roles", "admin")]));
            using var response = await anonymous.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        }

        using var ok = await signedIn.Http.GetAsync("/gestion");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("Marc Petit", await ok.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffPost_WithoutItsAntiForgeryToken_IsRefusedWithAFrenchPage_AndDoesNothing()
    {
        using var staff = new StaffHttp(browser.BaseUrl);
        await staff.SignInAsync("instruction");

        foreach (var token in new[] { null, "", "f1.forged" })
        {
            var fields = new Dictionary<string, string>();
            if (token is not null)
            {
                fields["jeton"] = token;
            }

            using var post = await staff.Http.PostAsync("/deconnexion", new FormUrlEncodedContent(fields));
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
            var html = await post.Content.ReadAsStringAsync();
            Assert.Contains("<html lang=\"fr\">", html, StringComparison.Ordinal);
            Assert.Contains("Formulaire refusé", html, StringComparison.Ordinal);
        }

        // The session was not ended by the refused sign-out.
        using var still = await staff.Http.GetAsync("/gestion");
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);

        // The sign-in form itself needs its token.
        using var anonymous = new StaffHttp(browser.BaseUrl);
        using var signIn = await anonymous.Http.PostAsync("/connexion", new FormUrlEncodedContent(new Dictionary<string, string> { ["compte"] = "admin", ["cle"] = LocalHostProcess.TestStaffKey }));
        Assert.Equal(HttpStatusCode.Forbidden, signIn.StatusCode);
        Assert.Null(anonymous.Cookies.GetCookies(browser.BaseUrl)[StaffSessions.CookieName]);
    }

    [Fact]
    public async Task StaffApiRoutes_TakeTheSignedInPersonWithTheRoutesRole_AsWellAsTheStaffKey()
    {
        using var anonymous = new StaffHttp(browser.BaseUrl);
        using (var nobody = await anonymous.Http.GetAsync("/api/campaigns"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, nobody.StatusCode);
            Assert.Contains("staff-key-required", await nobody.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var finance = new StaffHttp(browser.BaseUrl);
        await finance.SignInAsync("finance");
        using (var list = await finance.Http.GetAsync("/api/campaigns"))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        }

        // Posting a campaign needs the admin role: finance is refused, nothing stored.
        var campaign = await File.ReadAllTextAsync(Path.Combine(TestFiles.RepositoryRoot, "campaigns", "ami-is-2015.json"));
        var id = "api-role-" + Guid.NewGuid().ToString("N")[..8];
        campaign = campaign.Replace("\"ami-is-2015\"", "\"" + id + "\"", StringComparison.Ordinal);
        using (var refused = await finance.Http.PostAsync("/api/campaigns", new StringContent(campaign, System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("staff-role-required", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var admin = new StaffHttp(browser.BaseUrl);
        await admin.SignInAsync("admin");
        using (var created = await admin.Http.PostAsync("/api/campaigns", new StringContent(campaign, System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        // A forged principal header does not open the API either while the platform's authentication is off.
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/api/campaigns");
        forged.Headers.Add(ClientPrincipal.HeaderName, ClientPrincipal.Encode("aad", [
            ("http://schemas.microsoft.com/identity/claims/objectidentifier", "forged-oid"), ("name", "Faussaire"), ("roles", "admin")]));
        using var answer = await anonymous.Http.SendAsync(forged);
        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
    }
}
