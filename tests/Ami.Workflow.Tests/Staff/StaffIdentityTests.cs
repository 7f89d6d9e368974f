using System.ComponentModel.DataAnnotations;
using System.Text;
using Ami.Workflow.Configuration;
using Ami.Workflow.Staff;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Ami.Workflow.Tests.Staff;

/// <summary>
/// The one staff identity: the platform's <c>X-MS-CLIENT-PRINCIPAL</c> (honoured only when the platform's
/// authentication is declared on), the local session cookie, the pages' anti-forgery token, and the roles' rights.
/// </summary>
public sealed class StaffIdentityTests
{
    private const string Oid = "http://schemas.microsoft.com/identity/claims/objectidentifier";
    private static readonly string Key = Convert.ToBase64String(Encoding.ASCII.GetBytes("staff-identity-tests-link-key-32b!!"));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2015, 4, 1, 9, 0, 0, TimeSpan.Zero));

    private static LocalStaffAccount Claire => new() { Id = "claire", Name = "Claire Durand", Email = "claire.durand@region.example", Roles = ["instruction"] };

    [Fact]
    public void Principal_OfEntraId_GivesTheObjectIdTheNameTheAddressAndTheStaffRoles()
    {
        var header = ClientPrincipal.Encode("aad", [
            (Oid, "0c5e-oid"), ("name", "Claire Durand"), ("preferred_username", "claire.durand@region.example"),
            ("roles", "instruction"), ("roles", "finance"), ("roles", "Some.Other.Role")]);

        var person = ClientPrincipal.Parse(header);

        Assert.NotNull(person);
        Assert.Equal("0c5e-oid", person.Id);
        Assert.Equal("Claire Durand", person.Name);
        Assert.Equal("claire.durand@region.example", person.Email);
        Assert.Equal(new HashSet<StaffRole> { StaffRole.Instruction, StaffRole.Finance }, person.Roles);
        Assert.Equal("staff:0c5e-oid", person.Actor);
        Assert.Equal("Claire Durand (claire.durand@region.example)", person.Display);
        Assert.Equal(StaffSource.Platform, person.Source);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 at all!")]
    [InlineData("bm90IGpzb24=")] // "not json"
    [InlineData("eyJjbGFpbXMiOjF9")] // {"claims":1}
    public void Principal_ThatIsNotOne_IsNobody(string header) => Assert.Null(ClientPrincipal.Parse(header));

    [Fact]
    public void Principal_WithoutAStaffRole_OrWithoutAStableId_IsNobody()
    {
        Assert.Null(ClientPrincipal.Parse(ClientPrincipal.Encode("aad", [(Oid, "x"), ("name", "Visiteur")])));
        Assert.Null(ClientPrincipal.Parse(ClientPrincipal.Encode("aad", [("name", "Sans id"), ("roles", "admin")])));
        Assert.Null(ClientPrincipal.Parse(new string('A', ClientPrincipal.MaxHeaderLength + 4)));
    }

    [Fact]
    public void Roles_GiveTheirRightsOnly_AndAdminHoldsEvery()
    {
        var instruction = new StaffPrincipal("1", "A", "a@x", new HashSet<StaffRole> { StaffRole.Instruction }, StaffSource.LocalSession);
        var admin = instruction with { Roles = new HashSet<StaffRole> { StaffRole.Admin } };

        Assert.True(instruction.Has(StaffRole.Instruction));
        Assert.False(instruction.Has(StaffRole.Finance));
        Assert.False(instruction.HasAny(StaffRole.Admin, StaffRole.CpSecretariat));
        Assert.All(Enum.GetValues<StaffRole>(), r => Assert.True(admin.Has(r)));
    }

    [Fact]
    public void Header_WhenThePlatformsAuthenticationIsOff_IsIgnored()
    {
        var sessions = Sessions(platform: false, Claire);
        var request = Request();
        request.Headers[ClientPrincipal.HeaderName] = ClientPrincipal.Encode("aad", [(Oid, "forged"), ("name", "Faussaire"), ("roles", "admin")]);

        Assert.Null(sessions.Authenticate(request));
    }

    [Fact]
    public void Header_WhenThePlatformsAuthenticationIsOn_IsThePerson_AndACookieIsNot()
    {
        var local = Sessions(platform: false, Claire);
        var cookie = SignedInCookie(local, Claire);
        var sessions = Sessions(platform: true);
        var request = Request(cookie);
        Assert.Null(sessions.Authenticate(request));

        request.Headers[ClientPrincipal.HeaderName] = ClientPrincipal.Encode("aad", [(Oid, "oid-1"), ("name", "Claire Durand"), ("roles", "instruction")]);
        Assert.Equal("oid-1", sessions.Authenticate(request)?.Id);
    }

    [Fact]
    public void Cookie_SignedAtSignIn_IsThePerson_UntilItExpires()
    {
        var sessions = Sessions(platform: false, Claire);
        var response = new DefaultHttpContext().Response;
        sessions.SignIn(response, Claire, secure: true);
        var setCookie = response.Headers.SetCookie.ToString();
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", setCookie, StringComparison.OrdinalIgnoreCase);

        var person = sessions.Authenticate(Request(CookieValue(setCookie)));
        Assert.Equal("Claire Durand", person?.Name);
        Assert.Equal(StaffSource.LocalSession, person?.Source);

        _clock.Advance(TimeSpan.FromHours(8));
        Assert.Null(sessions.Authenticate(Request(CookieValue(setCookie))));
    }

    [Fact]
    public void Cookie_MissingForgedOrOfARemovedAccount_IsNobody()
    {
        var sessions = Sessions(platform: false, Claire);
        var cookie = SignedInCookie(sessions, Claire);
        Assert.Null(sessions.Authenticate(Request()));

        // Another account's id in the payload, the same signature: refused.
        var dot = cookie.IndexOf('.', StringComparison.Ordinal);
        var payload = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(cookie.AsSpan(0, dot)));
        var forged = System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.Replace("claire", "admin", StringComparison.Ordinal))) + cookie[dot..];
        Assert.Null(sessions.Authenticate(Request(forged)));
        Assert.Null(sessions.Authenticate(Request(cookie[..^2] + (cookie[^2..] == "AA" ? "BB" : "AA"))));

        // Signed with another key: refused.
        var other = new StaffSessions(
            Options.Create(new LinkSigningOptions { Current = Convert.ToBase64String(new byte[32]) }), Monitor(new StaffAuthOptions { Accounts = [Claire] }), _clock);
        Assert.Null(sessions.Authenticate(Request(SignedInCookie(other, Claire))));

        // The account removed from the configuration: its sessions end.
        Assert.Null(Sessions(platform: false).Authenticate(Request(cookie)));
    }

    [Fact]
    public void FormToken_IsThePersonsOwn_AndExpires()
    {
        var sessions = Sessions(platform: false, Claire);
        var claire = Claire.ToPrincipal();
        var token = sessions.FormToken(claire);

        Assert.True(sessions.IsFormToken(token, claire));
        Assert.False(sessions.IsFormToken(token, claire with { Id = "other" }));
        Assert.False(sessions.IsFormToken(null, claire));
        Assert.False(sessions.IsFormToken("", claire));
        Assert.False(sessions.IsFormToken(SignedInCookie(sessions, Claire), claire)); // a session is not a form token
        _clock.Advance(TimeSpan.FromHours(8));
        Assert.False(sessions.IsFormToken(token, claire));
    }

    [Fact]
    public void Options_RefuseLocalAccountsBehindThePlatform_AndBadAccounts()
    {
        var options = new StaffAuthOptions
        {
            PlatformAuthentication = true,
            Accounts = [Claire, new LocalStaffAccount { Id = "Claire!", Name = "", Email = "x", Roles = ["chef"] }, Claire],
        };
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        var messages = string.Join('\n', results.Select(r => r.ErrorMessage));

        Assert.Contains("pas de comptes locaux", messages, StringComparison.Ordinal);
        Assert.Contains("Accounts:1:Id", messages, StringComparison.Ordinal);
        Assert.Contains("Accounts:1:Name", messages, StringComparison.Ordinal);
        Assert.Contains("Accounts:1:Email", messages, StringComparison.Ordinal);
        Assert.Contains("Accounts:1:Roles", messages, StringComparison.Ordinal);
        Assert.Contains("Accounts:2:Id : « claire » est déjà pris", messages, StringComparison.Ordinal);
    }

    private StaffSessions Sessions(bool platform, params LocalStaffAccount[] accounts) =>
        new(Options.Create(new LinkSigningOptions { Current = Key }), Monitor(new StaffAuthOptions { PlatformAuthentication = platform, Accounts = [.. accounts] }), _clock);

    private static IOptionsMonitor<StaffAuthOptions> Monitor(StaffAuthOptions options) => new FixedMonitor(options);

    private static string SignedInCookie(StaffSessions sessions, LocalStaffAccount account)
    {
        var response = new DefaultHttpContext().Response;
        sessions.SignIn(response, account, secure: false);
        return CookieValue(response.Headers.SetCookie.ToString());
    }

    private static string CookieValue(string setCookie) => setCookie[(StaffSessions.CookieName.Length + 1)..setCookie.IndexOf(';', StringComparison.Ordinal)];

    private static HttpRequest Request(string? cookie = null)
    {
        var context = new DefaultHttpContext();
        if (cookie is not null)
        {
            context.Request.Headers.Cookie = StaffSessions.CookieName + "=" + cookie;
        }

        return context.Request;
    }

    private sealed class FixedMonitor(StaffAuthOptions value) : IOptionsMonitor<StaffAuthOptions>
    {
        public StaffAuthOptions CurrentValue => value;

        public StaffAuthOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<StaffAuthOptions, string?> listener) => null;
    }
}

/// <summary>What the holder's view shows of who acted.</summary>
public sealed class StaffActorsTests
{
    [Theory]
    [InlineData("holder", "holder")]
    [InlineData("system", "system")]
    [InlineData("staff-0", "staff-0")]
    [InlineData("juror-12", "juror-12")]
    [InlineData("president", "president")]
    [InlineData("cp", "cp")]
    [InlineData("staff:0c5e-oid", "staff")]
    [InlineData("staff:instruction", "staff")]
    [InlineData("staff-x", "staff")]
    [InlineData("juror-", "staff")]
    public void ForHolder_KeepsRolesAndHidesPeople(string actor, string shown) => Assert.Equal(shown, StaffActors.ForHolder(actor));
}
