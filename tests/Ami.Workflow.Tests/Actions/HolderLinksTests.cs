using Ami.Workflow.Actions;
using Ami.Workflow.Configuration;
using Ami.Workflow.Links;
using Ami.Workflow.Mail;
using Ami.Workflow.Ports;
using Ami.Workflow.Tests.Mail;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Ami.Workflow.Tests.Actions;

public sealed class HolderLinksTests
{
    private static readonly string KeyA = Convert.ToBase64String(Enumerable.Repeat((byte)0xA1, 32).ToArray());
    private static readonly string KeyB = Convert.ToBase64String(Enumerable.Repeat((byte)0xB2, 32).ToArray());
    private static readonly DateTimeOffset Now = new(2015, 6, 10, 9, 0, 0, TimeSpan.FromHours(2));

    private static HolderLinks Links(string current, string? previous = null) =>
        new(Options.Create(new LinkSigningOptions { Current = current, Previous = previous }), Options.Create(new AmiOptions { PublicBaseUrl = "https://ami.region.example" }));

    [Fact]
    public void Verify_LinkJustSigned_OpensItsOwnDossierOnly()
    {
        var token = Links(KeyA).Sign("d-0001", Now.AddDays(1));

        Assert.Equal(LinkCheck.Valid, Links(KeyA).Verify(token, Now, out var dossierId));
        Assert.Equal("d-0001", dossierId);
    }

    [Fact]
    public void Verify_AfterExpiry_IsExpired_AndAfterRotationStillValid_ButNotOnceTheKeyIsDropped()
    {
        var token = Links(KeyA).Sign("d-0001", Now.AddDays(1));

        Assert.Equal(LinkCheck.Expired, Links(KeyA).Verify(token, Now.AddDays(2), out _));
        Assert.Equal(LinkCheck.Valid, Links(KeyB, previous: KeyA).Verify(token, Now, out _));
        Assert.Equal(LinkCheck.Invalid, Links(KeyB).Verify(token, Now, out _));
    }

    [Fact]
    public void Verify_AlteredOrOtherDossierOrActionToken_IsInvalid()
    {
        var links = Links(KeyA);
        var token = links.Sign("d-0001", Now.AddDays(1));
        var other = links.Sign("d-0002", Now.AddDays(1));
        var spliced = token[..token.IndexOf('.', StringComparison.Ordinal)] + other[other.IndexOf('.', StringComparison.Ordinal)..];
        var action = new ActionLinkSigner(Options.Create(new LinkSigningOptions { Current = KeyA })).Sign(new ActionClaims("d-0001", "validation", 1, "staff-0", ["eligible"], Now.AddDays(1)));

        Assert.Equal(LinkCheck.Invalid, links.Verify(spliced, Now, out _));
        Assert.Equal(LinkCheck.Invalid, links.Verify(token + "x", Now, out _));
        Assert.Equal(LinkCheck.Invalid, links.Verify(action, Now, out _));
        Assert.Equal(LinkCheck.Invalid, links.Verify("", Now, out _));
    }

    [Fact]
    public void Compose_HolderMail_CarriesAFreshPersonalLink_StaffMailTheStatusApi()
    {
        var clock = new FakeTimeProvider(Now);
        var links = Links(KeyA);
        var composer = new MailComposer(new MailTemplates(), Options.Create(new AmiOptions { PublicBaseUrl = "https://ami.region.example" }), links, clock);

        var receipt = composer.Compose(MailTestData.Notification(MailKind.Receipt), MailTestData.Record(), MailTestData.Campaign(), null);
        var link = System.Text.RegularExpressions.Regex.Match(receipt.Text, @"https://ami\.region\.example/mon-dossier/([A-Za-z0-9_.-]+)");

        Assert.True(link.Success, receipt.Text);
        Assert.Equal(LinkCheck.Valid, links.Verify(link.Groups[1].Value, Now.AddDays(399), out var dossierId));
        Assert.Equal("d-0001", dossierId);
        Assert.DoesNotContain("/api/dossiers/", receipt.Text, StringComparison.Ordinal);
        Assert.Equal("https://ami.region.example/api/dossiers/d-0001", composer.StatusUrl("d-0001", forStaff: true));
    }
}
