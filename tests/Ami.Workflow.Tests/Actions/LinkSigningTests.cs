using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using Ami.Workflow.Actions;
using Ami.Workflow.Configuration;
using Microsoft.Extensions.Options;

namespace Ami.Workflow.Tests.Actions;

public sealed class LinkSigningTests
{
    private static readonly string KeyA = Convert.ToBase64String(Enumerable.Repeat((byte)0xA1, 32).ToArray());
    private static readonly string KeyB = Convert.ToBase64String(Enumerable.Repeat((byte)0xB2, 32).ToArray());
    private static readonly string KeyC = Convert.ToBase64String(Enumerable.Repeat((byte)0xC3, 48).ToArray());
    private static readonly DateTimeOffset Now = new(2015, 6, 10, 9, 0, 0, TimeSpan.FromHours(2));

    private static readonly ActionClaims Claims = new("d-0001", "cp-decision", 1, "cp", ["granted", "refused"], Now.AddDays(120));

    private static ActionLinkSigner Signer(string current, string? previous = null) =>
        new(Options.Create(new LinkSigningOptions { Current = current, Previous = previous }));

    [Fact]
    public void Verify_TokenJustSigned_GivesBackEveryClaim()
    {
        var signer = Signer(KeyA);
        var token = signer.Sign(Claims);

        Assert.Equal(LinkCheck.Valid, signer.Verify(token, Now, out var claims));
        Assert.Equal(Claims.DossierId, claims!.DossierId);
        Assert.Equal(Claims.Step, claims.Step);
        Assert.Equal(Claims.Attempt, claims.Attempt);
        Assert.Equal(Claims.Actor, claims.Actor);
        Assert.Equal(Claims.Decisions, claims.Decisions);
        Assert.Equal(Claims.ExpiresAt, claims.ExpiresAt);
        Assert.Matches("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$", token);
    }

    [Theory]
    [InlineData("d", "d-0002")]
    [InlineData("s", "validation")]
    [InlineData("a", 2)]
    [InlineData("u", "staff-0")]
    [InlineData("e", 4_000_000_000L)]
    public void Verify_OneFieldChanged_IsRefused(string field, object value)
    {
        var signer = Signer(KeyA);
        var token = signer.Sign(Claims);
        var (payload, mac) = Split(token);
        var json = JsonNode.Parse(payload)!.AsObject();
        json[field] = JsonValue.Create(value);

        Assert.Equal(LinkCheck.Invalid, signer.Verify(Join(json.ToJsonString(), mac), Now, out _));
    }

    [Fact]
    public void Verify_AllowedDecisionsWidened_IsRefused()
    {
        var signer = Signer(KeyA);
        var (payload, mac) = Split(signer.Sign(Claims));
        var json = JsonNode.Parse(payload)!.AsObject();
        json["c"] = new JsonArray("granted", "refused", "eligible");

        Assert.Equal(LinkCheck.Invalid, signer.Verify(Join(json.ToJsonString(), mac), Now, out _));
    }

    [Fact]
    public void Verify_SignatureAlteredOrCut_IsRefused()
    {
        var signer = Signer(KeyA);
        var token = signer.Sign(Claims);
        var flipped = token[..^2] + (token[^2] == 'A' ? 'B' : 'A') + token[^1];

        Assert.Equal(LinkCheck.Invalid, signer.Verify(flipped, Now, out _));
        Assert.Equal(LinkCheck.Invalid, signer.Verify(token[..^4], Now, out _));
        Assert.Equal(LinkCheck.Invalid, signer.Verify(token.Split('.')[0], Now, out _));
        Assert.Equal(LinkCheck.Invalid, signer.Verify(token + ".x", Now, out _));
        Assert.Equal(LinkCheck.Invalid, signer.Verify("", Now, out _));
        Assert.Equal(LinkCheck.Invalid, signer.Verify("not a token at all", Now, out _));
        Assert.Equal(LinkCheck.Invalid, signer.Verify(new string('a', 5000), Now, out _));
    }

    [Fact]
    public void Verify_AtOrAfterExpiry_IsExpiredButBeforeIsValid()
    {
        var signer = Signer(KeyA);
        var token = signer.Sign(Claims);

        Assert.Equal(LinkCheck.Valid, signer.Verify(token, Claims.ExpiresAt.AddSeconds(-1), out _));
        Assert.Equal(LinkCheck.Expired, signer.Verify(token, Claims.ExpiresAt, out var claims));
        Assert.Equal("d-0001", claims!.DossierId);
        Assert.Equal(LinkCheck.Expired, signer.Verify(token, Claims.ExpiresAt.AddDays(1), out _));
    }

    [Fact]
    public void Verify_AfterRotation_PreviousKeyStillAcceptedAndNewLinksUseTheCurrentOne()
    {
        var oldToken = Signer(KeyA).Sign(Claims);
        var rotated = Signer(KeyB, previous: KeyA);

        Assert.Equal(LinkCheck.Valid, rotated.Verify(oldToken, Now, out _));
        var newToken = rotated.Sign(Claims);
        Assert.NotEqual(oldToken, newToken);
        Assert.Equal(LinkCheck.Valid, Signer(KeyB).Verify(newToken, Now, out _));
        Assert.Equal(LinkCheck.Invalid, Signer(KeyA).Verify(newToken, Now, out _));
    }

    [Fact]
    public void Verify_KeyNoLongerHeldOrNeverHeld_IsRefused()
    {
        var oldToken = Signer(KeyA).Sign(Claims);

        Assert.Equal(LinkCheck.Invalid, Signer(KeyB).Verify(oldToken, Now, out _));
        Assert.Equal(LinkCheck.Invalid, Signer(KeyC, previous: KeyB).Verify(oldToken, Now, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("dG9vIHNob3J0")]
    [InlineData("not base64 !")]
    public void IsKey_ShortOrNotBase64_IsFalse(string key) => Assert.False(ActionLinkSigner.IsKey(key));

    [Fact]
    public void IsKey_ThirtyTwoBytes_IsTrue() => Assert.True(ActionLinkSigner.IsKey(KeyA));

    private static (string Payload, string Mac) Split(string token)
    {
        var parts = token.Split('.');
        return (Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[0])), parts[1]);
    }

    private static string Join(string payload, string mac) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload)) + "." + mac;
}
