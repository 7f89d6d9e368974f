using System.Text.Json;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Mail;

/// <summary>The three parts of a mail ready to send.</summary>
public sealed record MailContent(string Subject, string Text, string Html);

/// <summary>
/// The French mail templates, files under <c>Mail/Templates/</c> embedded in the assembly: for each
/// <see cref="MailKind"/> a <c>{kind}.txt</c> (first line <c>Objet : …</c>, a blank line, then the text) and
/// a <c>{kind}.html</c> (the HTML body), both wrapped in <c>_layout.txt</c> / <c>_layout.html</c>.
/// Every file is parsed once, when this class is built, so a broken template fails at start.
/// </summary>
public sealed class MailTemplates
{
    private const string ResourcePrefix = "Ami.Workflow.Mail.Templates.";
    private const string SubjectPrefix = "Objet :";

    private readonly Dictionary<string, MailTemplate> _templates;

    public MailTemplates()
    {
        var assembly = typeof(MailTemplates).Assembly;
        _templates = new Dictionary<string, MailTemplate>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
            var file = resource[ResourcePrefix.Length..];
            var source = reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
            if (file.EndsWith(".txt", StringComparison.Ordinal) && !file.StartsWith('_'))
            {
                var newline = source.IndexOf('\n', StringComparison.Ordinal);
                var first = newline < 0 ? source : source[..newline];
                if (!first.StartsWith(SubjectPrefix, StringComparison.Ordinal))
                {
                    throw new MailTemplateException($"Template '{file}': the first line must be '{SubjectPrefix} …'.");
                }

                _templates[file + "#subject"] = MailTemplate.Parse(file + "#subject", first[SubjectPrefix.Length..].Trim());
                source = newline < 0 ? "" : source[(newline + 1)..].TrimStart('\n');
            }

            _templates[file] = MailTemplate.Parse(file, source);
        }

        foreach (var required in new[] { "_layout.txt", "_layout.html" })
        {
            if (!_templates.ContainsKey(required))
            {
                throw new MailTemplateException($"Template '{required}' is missing.");
            }
        }
    }

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
        // A holder's title may hold line breaks or tabs: a subject is one line.
        var subject = string.Join(' ', Get(name + ".txt#subject").Render(model, TemplateMode.Text)
            .Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
        if (subject.Length == 0)
        {
            throw new MailTemplateException($"Template '{name}.txt': the subject is empty.");
        }

        var text = Get(name + ".txt").Render(model, TemplateMode.Text);
        var html = Get(name + ".html").Render(model, TemplateMode.Html);
        var layout = model.Scope(new TemplateModel().Set("subject", subject).Set("body", text.TrimEnd() + "\n"));
        var fullText = Get("_layout.txt").Render(layout, TemplateMode.Text);
        var htmlLayout = model.Scope(new TemplateModel().Set("subject", subject)).SetHtml("body", new TrustedHtml(html));
        var fullHtml = Get("_layout.html").Render(htmlLayout, TemplateMode.Html);
        return new MailContent(subject, fullText, fullHtml);
    }

    private MailTemplate Get(string file) =>
        _templates.TryGetValue(file, out var t) ? t : throw new MailTemplateException($"Template '{file}' is missing.");
}
