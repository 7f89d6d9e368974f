using System.Net;
using System.Text.RegularExpressions;

namespace Ami.LocalHost.Tests.EndToEnd;

/// <summary>A mail as <c>GET /dev/mails</c> lists it: what the person would find in their inbox.</summary>
internal sealed record CapturedMail(
    long Sequence,
    DateTimeOffset ReceivedAt,
    string From,
    IReadOnlyList<string> To,
    string Subject,
    string? Text,
    string? Html,
    IReadOnlyList<string> Categories,
    IReadOnlyDictionary<string, string> CustomArgs)
{
    /// <summary>The mail's kind as SendGrid sees it (its category besides <c>ami</c>), e.g. <c>validation-request</c>.</summary>
    public string Kind => Categories.FirstOrDefault(c => c != "ami") ?? "";

    public string? DossierId => CustomArgs.TryGetValue("dossier_id", out var id) ? id : null;

    /// <summary>The text part with the French thin and non-breaking spaces as plain spaces, to compare amounts.</summary>
    public string PlainText => Normalise(Text ?? "");

    /// <summary>
    /// The action link as a person would click it: the one <c>{publicBaseUrl}/api/actions/…</c> address of the
    /// text part, which the HTML part links to as well.
    /// </summary>
    public Uri ActionLink(string publicBaseUrl)
    {
        var pattern = new Regex(Regex.Escape(publicBaseUrl.TrimEnd('/')) + @"/api/actions/[A-Za-z0-9_~.%-]+", RegexOptions.CultureInvariant);
        var inText = pattern.Matches(Text ?? "").Select(m => m.Value).Distinct(StringComparer.Ordinal).ToList();
        Assert.True(inText.Count == 1, $"« {Subject} » should carry one action link in its text, found {inText.Count}:\n{Text}");
        var inHtml = pattern.Matches(WebUtility.HtmlDecode(Html ?? "")).Select(m => m.Value).Distinct(StringComparer.Ordinal).ToList();
        Assert.True(inHtml.SequenceEqual(inText), $"« {Subject} »: the HTML part should link to {inText[0]}, found [{string.Join(", ", inHtml)}]");
        return new Uri(inText[0]);
    }

    public static string Normalise(string text) =>
        new([.. text.Select(c => char.IsWhiteSpace(c) && c != '\n' ? ' ' : c)]);

    public override string ToString() => $"#{Sequence} {Kind} to {string.Join(",", To)} « {Subject} »";
}
