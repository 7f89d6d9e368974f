using System.Text.Json;
using System.Text.RegularExpressions;
using Ami.Workflow.Ports;
using HandlebarsDotNet;
using HandlebarsDotNet.Compiler;

namespace Ami.Workflow.Mail;

/// <summary>The three parts of a mail ready to send.</summary>
public sealed record MailContent(string Subject, string Text, string Html);

/// <summary>
/// The French mail templates, Handlebars files under <c>Mail/Templates/</c> embedded in the assembly: for each
/// <see cref="MailKind"/> a <c>{kind}.txt</c> (first line <c>Objet : …</c>, a blank line, then the text) and
/// a <c>{kind}.html</c> (the HTML body), both wrapped in <c>_layout.txt</c> / <c>_layout.html</c>.
/// Every file is compiled once per process, the first time this class is built, and the compiled templates are
/// shared (they are thread-safe). A name without a value throws (never a mail with a hole); the HTML templates
/// escape every value, and the only raw value is the HTML body the layout wraps (<c>{{{body}}}</c>); the text
/// templates and the subjects write values as they are.
/// </summary>
public sealed partial class MailTemplates
{
    private const string ResourcePrefix = "Ami.Workflow.Mail.Templates.";
    private const string SubjectPrefix = "Objet :";
    private const string LayoutBody = "{{{body}}}";

    private static readonly Lazy<IReadOnlyDictionary<string, Compiled>> Embedded = new(() => Compile(EmbeddedFiles()));

    private readonly IReadOnlyDictionary<string, Compiled> _templates;

    public MailTemplates()
        : this(Embedded.Value)
    {
    }

    /// <summary>Templates from <paramref name="files"/> (file name → content) instead of the embedded ones.</summary>
    internal MailTemplates(IEnumerable<KeyValuePair<string, string>> files)
        : this(Compile(files))
    {
    }

    private MailTemplates(IReadOnlyDictionary<string, Compiled> templates) => _templates = templates;

    /// <summary>The file name (without extension) of a kind's templates: <c>receipt</c>, <c>jury-invitation</c>.</summary>
    public static string FileName(MailKind kind) => JsonNamingPolicy.KebabCaseLower.ConvertName(kind.ToString());

    /// <summary>Whether both files of <paramref name="kind"/> exist.</summary>
    public bool Has(MailKind kind) =>
        _templates.ContainsKey(FileName(kind) + ".txt") && _templates.ContainsKey(FileName(kind) + ".html");

    /// <summary>Renders the subject, the text and the HTML of <paramref name="kind"/> with <paramref name="model"/>.</summary>
    /// <exception cref="MailTemplateException">A template is missing or uses a value the model lacks.</exception>
    public MailContent Render(MailKind kind, TemplateModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var name = FileName(kind);
        var context = model.ToContext();
        // A holder's title may hold line breaks or tabs: a subject is one line.
        var subject = string.Join(' ', Get(name + ".txt#subject").Render(context)
            .Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
        if (subject.Length == 0)
        {
            throw new MailTemplateException($"Template '{name}.txt': the subject is empty.");
        }

        var text = Get(name + ".txt").Render(context);
        var html = Get(name + ".html").Render(context);
        context["subject"] = subject;
        context["body"] = text.TrimEnd() + "\n";
        var fullText = Get("_layout.txt").Render(context);
        context["body"] = html;
        var fullHtml = Get("_layout.html").Render(context);
        return new MailContent(subject, fullText, fullHtml);
    }

    private static IEnumerable<KeyValuePair<string, string>> EmbeddedFiles()
    {
        var assembly = typeof(MailTemplates).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
            yield return new(resource[ResourcePrefix.Length..], reader.ReadToEnd());
        }
    }

    private static Dictionary<string, Compiled> Compile(IEnumerable<KeyValuePair<string, string>> files)
    {
        var templates = new Dictionary<string, Compiled>(StringComparer.Ordinal);
        var text = Handlebars.Create(new HandlebarsConfiguration { ThrowOnUnresolvedBindingExpression = true, NoEscape = true });
        var html = Handlebars.Create(new HandlebarsConfiguration { ThrowOnUnresolvedBindingExpression = true, TextEncoder = new MailHtmlEncoder() });
        foreach (var (file, content) in files)
        {
            var source = content.Replace("\r\n", "\n", StringComparison.Ordinal);
            var isHtml = file.EndsWith(".html", StringComparison.Ordinal);
            var engine = isHtml ? html : text;
            // Raw output ({{{x}}} or {{&x}}) and partials are refused: a value the holder typed is always escaped.
            if (RawOrPartial().IsMatch(file == "_layout.html" ? source.Replace(LayoutBody, "", StringComparison.Ordinal) : source))
            {
                throw new MailTemplateException($"Template '{file}': raw output and partials are not allowed (only {LayoutBody} in _layout.html).");
            }

            if (file.EndsWith(".txt", StringComparison.Ordinal) && !file.StartsWith('_'))
            {
                var newline = source.IndexOf('\n', StringComparison.Ordinal);
                var first = newline < 0 ? source : source[..newline];
                if (!first.StartsWith(SubjectPrefix, StringComparison.Ordinal))
                {
                    throw new MailTemplateException($"Template '{file}': the first line must be '{SubjectPrefix} …'.");
                }

                templates[file + "#subject"] = Compiled.From(text, file + "#subject", first[SubjectPrefix.Length..].Trim());
                source = newline < 0 ? "" : source[(newline + 1)..].TrimStart('\n');
            }

            templates[file] = Compiled.From(engine, file, source);
        }

        foreach (var required in new[] { "_layout.txt", "_layout.html" })
        {
            if (!templates.ContainsKey(required))
            {
                throw new MailTemplateException($"Template '{required}' is missing.");
            }
        }

        return templates;
    }

    private Compiled Get(string file) =>
        _templates.TryGetValue(file, out var t) ? t : throw new MailTemplateException($"Template '{file}' is missing.");

    [GeneratedRegex(@"\{\{\s*[{&>]")]
    private static partial Regex RawOrPartial();

    /// <summary>One compiled file; its errors name the file.</summary>
    private sealed class Compiled
    {
        private readonly string _file;
        private readonly HandlebarsTemplate<object, object> _template;

        private Compiled(string file, HandlebarsTemplate<object, object> template)
        {
            _file = file;
            _template = template;
        }

        public static Compiled From(IHandlebars engine, string file, string source)
        {
            try
            {
                return new Compiled(file, engine.Compile(source));
            }
            catch (HandlebarsException e)
            {
                throw new MailTemplateException($"Template '{file}': {e.Message}", e);
            }
        }

        public string Render(Dictionary<string, object> context)
        {
            try
            {
                return _template(context);
            }
            catch (Exception e) when (e is HandlebarsException or HandlebarsUndefinedBindingException)
            {
                throw new MailTemplateException($"Template '{_file}': {e.Message}", e);
            }
        }
    }
}
