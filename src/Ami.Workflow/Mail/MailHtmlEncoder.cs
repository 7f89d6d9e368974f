using System.Text;
using HandlebarsDotNet;

namespace Ami.Workflow.Mail;

/// <summary>
/// How the HTML templates write a value: <c>&amp; &lt; &gt; " '</c> escaped, a line break as <c>&lt;br&gt;</c>,
/// every other character (é, œ, «, non-breaking and thin spaces) as it is. Handlebars' own encoder would write
/// non-ASCII characters and quotes as numeric entities, and keep a comment's line breaks invisible in HTML.
/// </summary>
internal sealed class MailHtmlEncoder : ITextEncoder
{
    public void Encode(StringBuilder? text, TextWriter target)
    {
        if (text is null)
        {
            return;
        }

        foreach (var chunk in text.GetChunks())
        {
            foreach (var c in chunk.Span)
            {
                Write(c, target);
            }
        }
    }

    public void Encode(string? text, TextWriter target)
    {
        if (text is null)
        {
            return;
        }

        foreach (var c in text)
        {
            Write(c, target);
        }
    }

    public void Encode<T>(T? text, TextWriter target)
        where T : IEnumerator<char>
    {
        while (text is not null && text.MoveNext())
        {
            Write(text.Current, target);
        }
    }

    private static void Write(char c, TextWriter target)
    {
        switch (c)
        {
            case '&': target.Write("&amp;"); break;
            case '<': target.Write("&lt;"); break;
            case '>': target.Write("&gt;"); break;
            case '"': target.Write("&quot;"); break;
            case '\'': target.Write("&#39;"); break;
            case '\r': break;
            case '\n': target.Write("<br>\n"); break;
            default: target.Write(c); break;
        }
    }
}
