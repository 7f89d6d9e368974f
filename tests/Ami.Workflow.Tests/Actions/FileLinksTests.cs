using Ami.Workflow.Actions;
using Ami.Workflow.Configuration;
using Ami.Workflow.Links;
using Microsoft.Extensions.Options;

namespace Ami.Workflow.Tests.Actions;

public sealed class FileLinksTests
{
    private static readonly string KeyA = Convert.ToBase64String(Enumerable.Repeat((byte)0xA1, 32).ToArray());
    private static readonly string KeyB = Convert.ToBase64String(Enumerable.Repeat((byte)0xB2, 32).ToArray());
    private static readonly DateTimeOffset Now = new(2015, 6, 10, 9, 0, 0, TimeSpan.FromHours(2));

    private static FileLinks Links(string current, string? previous = null) =>
        new(Options.Create(new LinkSigningOptions { Current = current, Previous = previous }));

    private static string Token(string path) => Uri.UnescapeDataString(path["/fichier/".Length..]);

    [Fact]
    public void Verify_LinkJustMade_NamesItsDossierAndFile_UntilItsShortLifeEnds()
    {
        var token = Token(Links(KeyA).Path("d-0001", "att-1", Now));

        Assert.Equal(LinkCheck.Valid, Links(KeyA).Verify(token, Now.AddMinutes(14), out var dossierId, out var attachmentId));
        Assert.Equal(("d-0001", "att-1"), (dossierId, attachmentId));
        Assert.Equal(LinkCheck.Expired, Links(KeyA).Verify(token, Now + FileLinks.Lifetime, out dossierId, out _));
        Assert.Null(dossierId);
    }

    [Fact]
    public void Verify_AfterRotation_StillValid_ButNotOnceTheKeyIsDropped()
    {
        var token = Token(Links(KeyA).Path("d-0001", "att-1", Now));

        Assert.Equal(LinkCheck.Valid, Links(KeyB, previous: KeyA).Verify(token, Now, out _, out _));
        Assert.Equal(LinkCheck.Invalid, Links(KeyB).Verify(token, Now, out _, out _));
    }

    [Fact]
    public void Verify_AlteredToken_OrAPersonalLinkToken_IsInvalid()
    {
        var token = Token(Links(KeyA).Path("d-0001", "att-1", Now));
        var personal = new HolderLinks(Options.Create(new LinkSigningOptions { Current = KeyA }), Options.Create(new AmiOptions { PublicBaseUrl = "https://ami.region.example" })).Sign("d-0001", Now.AddDays(1));

        Assert.Equal(LinkCheck.Invalid, Links(KeyA).Verify(token + "x", Now, out _, out _));
        Assert.Equal(LinkCheck.Invalid, Links(KeyA).Verify(personal, Now, out _, out _));
        Assert.Equal(LinkCheck.Invalid, Links(KeyA).Verify("", Now, out _, out _));
    }
}
