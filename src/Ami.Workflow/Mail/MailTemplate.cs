using System.Text;

namespace Ami.Workflow.Mail;

/// <summary>A template that cannot be parsed, or that refers to a value the model does not have.</summary>
public sealed class MailTemplateException : Exception
{
    public MailTemplateException()
    {
    }

    public MailTemplateException(string message)
        : base(message)
    {
    }

    public MailTemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>How a template's values are written: as they are (plain text, subjects) or HTML-escaped.</summary>
internal enum TemplateMode
{
    Text,
    Html,
}

/// <summary>Markup built by the code (a rendered template), the only value a raw <c>{{{name}}}</c> accepts.</summary>
internal readonly record struct TrustedHtml(string Value);

/// <summary>
/// The values a template may show. Every name a template uses must be set (an empty string is a value):
/// a missing one throws <see cref="MailTemplateException"/>, so a mail never goes out with a hole in it.
/// Inside <c>{{#each}}</c>, names are looked up in the item first, then in the enclosing model.
/// </summary>
public sealed class TemplateModel
{
    private readonly Dictionary<string, object> _values = new(StringComparer.Ordinal);
    private readonly TemplateModel? _parent;

    public TemplateModel()
    {
    }

    private TemplateModel(TemplateModel parent) => _parent = parent;

    public TemplateModel Set(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _values[name] = value;
        return this;
    }

    public TemplateModel Set(string name, bool value)
    {
        _values[name] = value;
        return this;
    }

    public TemplateModel Set(string name, IReadOnlyList<TemplateModel> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _values[name] = items;
        return this;
    }

    internal TemplateModel SetHtml(string name, TrustedHtml html)
    {
        _values[name] = html;
        return this;
    }

    public bool Has(string name) => _values.ContainsKey(name) || (_parent?.Has(name) ?? false);

    internal TemplateModel Scope(TemplateModel item)
    {
        var scoped = new TemplateModel(this);
        foreach (var (k, v) in item._values)
        {
            scoped._values[k] = v;
        }

        return scoped;
    }

    internal object Resolve(string name, string template)
    {
        for (var m = this; m is not null; m = m._parent)
        {
            if (m._values.TryGetValue(name, out var v))
            {
                return v;
            }
        }

        throw new MailTemplateException($"Template '{template}' uses '{name}', which has no value.");
    }
}

/// <summary>
/// A very small template language, enough for mails: <c>{{name}}</c> (escaped in HTML),
/// <c>{{{name}}}</c> (markup built by the code only), <c>{{#if name}}…{{else}}…{{/if}}</c> and
/// <c>{{#each name}}…{{/each}}</c>. A block tag alone on its line leaves no blank line behind.
/// </summary>
internal sealed class MailTemplate
{
    private readonly IReadOnlyList<Node> _nodes;

    private MailTemplate(string name, IReadOnlyList<Node> nodes)
    {
        Name = name;
        _nodes = nodes;
    }

    public string Name { get; }

    public static MailTemplate Parse(string name, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var root = new List<Node>();
        var stack = new Stack<(string Block, string Arg, List<Node> Outer, List<Node> Then, List<Node>? Else)>();
        var current = root;
        var text = new StringBuilder();
        var i = 0;
        while (i < source.Length)
        {
            var open = source.IndexOf("{{", i, StringComparison.Ordinal);
            if (open < 0)
            {
                text.Append(source, i, source.Length - i);
                break;
            }

            text.Append(source, i, open - i);
            var raw = open + 2 < source.Length && source[open + 2] == '{';
            var closeToken = raw ? "}}}" : "}}";
            var contentStart = open + (raw ? 3 : 2);
            var close = source.IndexOf(closeToken, contentStart, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new MailTemplateException($"Template '{name}': '{{{{' at {open} is never closed.");
            }

            var tag = source[contentStart..close].Trim();
            var end = close + closeToken.Length;
            var isBlock = !raw && (tag.StartsWith('#') || tag.StartsWith('/') || tag == "else");
            if (isBlock && StandaloneLine(source, text, open, end, out var after))
            {
                end = after;
            }

            if (text.Length > 0)
            {
                current.Add(new TextNode(text.ToString()));
                text.Clear();
            }

            if (!isBlock)
            {
                current.Add(new VarNode(CheckName(name, tag), raw));
            }
            else if (tag.StartsWith("#if ", StringComparison.Ordinal) || tag.StartsWith("#each ", StringComparison.Ordinal))
            {
                var space = tag.IndexOf(' ', StringComparison.Ordinal);
                var block = tag[1..space];
                var then = new List<Node>();
                stack.Push((block, CheckName(name, tag[(space + 1)..].Trim()), current, then, null));
                current = then;
            }
            else if (tag == "else")
            {
                if (stack.Count == 0 || stack.Peek().Block != "if" || stack.Peek().Else is not null)
                {
                    throw new MailTemplateException($"Template '{name}': '{{{{else}}}}' outside an '{{{{#if}}}}'.");
                }

                var top = stack.Pop();
                var otherwise = new List<Node>();
                stack.Push(top with { Else = otherwise });
                current = otherwise;
            }
            else if (tag is "/if" or "/each")
            {
                if (stack.Count == 0 || stack.Peek().Block != tag[1..])
                {
                    throw new MailTemplateException($"Template '{name}': '{{{{{tag}}}}}' closes nothing.");
                }

                var top = stack.Pop();
                top.Outer.Add(top.Block == "if"
                    ? new IfNode(top.Arg, top.Then, top.Else ?? [])
                    : new EachNode(top.Arg, top.Then));
                current = top.Outer;
            }
            else
            {
                throw new MailTemplateException($"Template '{name}': unknown tag '{{{{{tag}}}}}'.");
            }

            i = end;
        }

        if (stack.Count > 0)
        {
            throw new MailTemplateException($"Template '{name}': '{{{{#{stack.Peek().Block} {stack.Peek().Arg}}}}}' is never closed.");
        }

        if (text.Length > 0)
        {
            current.Add(new TextNode(text.ToString()));
        }

        return new MailTemplate(name, root);
    }

    public string Render(TemplateModel model, TemplateMode mode)
    {
        ArgumentNullException.ThrowIfNull(model);
        var output = new StringBuilder();
        Render(_nodes, model, mode, output);
        return output.ToString();
    }

    /// <summary>Escapes for HTML text and attribute values; keeps every other character (é, œ, «) as it is.</summary>
    public static string EscapeHtml(string value)
    {
        var sb = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                case '\r': break;
                case '\n': sb.Append("<br>\n"); break;
                default: sb.Append(c); break;
            }
        }

        return sb.ToString();
    }

    private void Render(IReadOnlyList<Node> nodes, TemplateModel model, TemplateMode mode, StringBuilder output)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case TextNode t:
                    output.Append(t.Text);
                    break;
                case VarNode v:
                    output.Append(Value(v, model.Resolve(v.Name, Name), mode));
                    break;
                case IfNode f:
                    Render(Truthy(f.Name, model.Resolve(f.Name, Name)) ? f.Then : f.Else, model, mode, output);
                    break;
                case EachNode e:
                    if (model.Resolve(e.Name, Name) is not IReadOnlyList<TemplateModel> items)
                    {
                        throw new MailTemplateException($"Template '{Name}': '{e.Name}' is not a list.");
                    }

                    foreach (var item in items)
                    {
                        Render(e.Body, model.Scope(item), mode, output);
                    }

                    break;
            }
        }
    }

    private string Value(VarNode v, object value, TemplateMode mode) => (value, v.Raw, mode) switch
    {
        (string s, false, TemplateMode.Html) => EscapeHtml(s),
        (string s, false, TemplateMode.Text) => s,
        (TrustedHtml h, true, TemplateMode.Html) => h.Value,
        (TrustedHtml, _, _) => throw new MailTemplateException($"Template '{Name}': '{v.Name}' is markup; write {{{{{{{v.Name}}}}}}} in an HTML template."),
        (string, true, _) => throw new MailTemplateException($"Template '{Name}': '{v.Name}' is text and must be escaped: write {{{{{v.Name}}}}}."),
        _ => throw new MailTemplateException($"Template '{Name}': '{v.Name}' cannot be written as text."),
    };

    private bool Truthy(string name, object value) => value switch
    {
        string s => s.Length > 0,
        bool b => b,
        IReadOnlyList<TemplateModel> l => l.Count > 0,
        TrustedHtml h => h.Value.Length > 0,
        _ => throw new MailTemplateException($"Template '{Name}': '{name}' cannot be tested."),
    };

    private static string CheckName(string template, string name)
    {
        if (name.Length == 0 || !char.IsAsciiLetter(name[0]) || !name.All(char.IsAsciiLetterOrDigit))
        {
            throw new MailTemplateException($"Template '{template}': '{name}' is not a value name.");
        }

        return name;
    }

    /// <summary>
    /// True when the tag between <paramref name="open"/> and <paramref name="end"/> is alone on its line: the
    /// indentation before it is dropped from <paramref name="pending"/> and <paramref name="after"/> skips the
    /// rest of the line (its line break included).
    /// </summary>
    private static bool StandaloneLine(string source, StringBuilder pending, int open, int end, out int after)
    {
        after = end;
        var lineStart = open;
        while (lineStart > 0 && source[lineStart - 1] is ' ' or '\t')
        {
            lineStart--;
        }

        if (lineStart > 0 && source[lineStart - 1] != '\n')
        {
            return false;
        }

        var j = end;
        while (j < source.Length && source[j] is ' ' or '\t' or '\r')
        {
            j++;
        }

        if (j < source.Length && source[j] != '\n')
        {
            return false;
        }

        pending.Length -= open - lineStart;
        after = j < source.Length ? j + 1 : j;
        return true;
    }

    private abstract record Node;

    private sealed record TextNode(string Text) : Node;

    private sealed record VarNode(string Name, bool Raw) : Node;

    private sealed record IfNode(string Name, IReadOnlyList<Node> Then, IReadOnlyList<Node> Else) : Node;

    private sealed record EachNode(string Name, IReadOnlyList<Node> Body) : Node;
}
