using System.Net;
using System.Text.RegularExpressions;

namespace Ami.LocalHost.Tests.EndToEnd;

/// <summary>
/// The page an action link shows (<c>GET /api/actions/{token}</c>) and its first form, read as a browser
/// would: the fields it has, which are required, the choices of its radio buttons and its hidden values.
/// <see cref="Fill"/> checks what a person fills in against the form, as the browser's own checks would.
/// </summary>
internal sealed partial class ActionForm
{
    private readonly Dictionary<string, List<string>> _choices = new(StringComparer.Ordinal);
    private readonly HashSet<string> _fields = new(StringComparer.Ordinal);
    private readonly HashSet<string> _required = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _hidden = new(StringComparer.Ordinal);

    public ActionForm(Uri address, string html)
    {
        Address = address;
        Html = html;
        Text = WebUtility.HtmlDecode(TagPattern().Replace(html, " "));
        var form = FormPattern().Match(html);
        Assert.True(form.Success, $"The page of {address} has no form:\n{Text}");
        foreach (Match field in FieldPattern().Matches(form.Groups["body"].Value))
        {
            var attributes = AttributePattern().Matches(field.Value).ToDictionary(a => a.Groups["name"].Value, a => WebUtility.HtmlDecode(a.Groups["value"].Value), StringComparer.Ordinal);
            if (!attributes.TryGetValue("name", out var name))
            {
                continue;
            }

            _fields.Add(name);
            if (field.Value.Contains(" required", StringComparison.Ordinal))
            {
                _required.Add(name);
            }

            var type = attributes.GetValueOrDefault("type", "");
            if (type is "radio" or "checkbox")
            {
                if (!_choices.TryGetValue(name, out var values))
                {
                    _choices[name] = values = [];
                }

                values.Add(attributes.GetValueOrDefault("value", "on"));
            }
            else if (type == "hidden")
            {
                _hidden[name] = attributes.GetValueOrDefault("value", "");
            }
        }
    }

    /// <summary>Where the page was read (the host under test); the form posts back to it.</summary>
    public Uri Address { get; }

    public string Html { get; }

    /// <summary>The page's text, tags removed and entities decoded (the French text as shown).</summary>
    public string Text { get; }

    /// <summary>The choices offered for <paramref name="name"/> (radio buttons, check boxes).</summary>
    public IReadOnlyList<string> Choices(string name) => _choices.TryGetValue(name, out var values) ? values : [];

    /// <summary>
    /// The form's values once a person filled in <paramref name="values"/>: each must be a field of the form,
    /// a choice among those offered, and every required field must be filled; hidden values are kept.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fill(IReadOnlyDictionary<string, string> values)
    {
        var filled = new Dictionary<string, string>(_hidden, StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            Assert.True(_fields.Contains(name), $"The form of {Address} has no field « {name} »; it has: {string.Join(", ", _fields)}");
            if (_choices.TryGetValue(name, out var offered))
            {
                Assert.True(offered.Contains(value), $"The form of {Address} offers {string.Join("/", offered)} for « {name} », not « {value} »");
            }

            filled[name] = value;
        }

        var missing = _required.Where(r => !filled.TryGetValue(r, out var v) || v.Length == 0).ToList();
        Assert.True(missing.Count == 0, $"The browser would refuse the form of {Address}: required field(s) {string.Join(", ", missing)} left empty");
        return [.. filled];
    }

    [GeneratedRegex(@"<form method=""post"">(?<body>.*?)</form>", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex FormPattern();

    [GeneratedRegex(@"<(?:input|textarea|select)\b[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex FieldPattern();

    [GeneratedRegex(@"(?<name>[a-zA-Z-]+)=""(?<value>[^""]*)""", RegexOptions.CultureInvariant)]
    private static partial Regex AttributePattern();

    [GeneratedRegex(@"<[^>]+>", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();
}
