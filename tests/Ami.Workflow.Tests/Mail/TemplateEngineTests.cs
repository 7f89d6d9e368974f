using Ami.Workflow.Mail;
using Ami.Workflow.Ports;

namespace Ami.Workflow.Tests.Mail;

/// <summary>What the template engine (Handlebars) must do for a mail, seen through <see cref="MailTemplates.Render"/>.</summary>
public class TemplateEngineTests
{
    private const string Amount = "1\u202F234,50\u00A0€";

    [Fact]
    public void Render_ValueWithMarkup_EscapedInHtmlOnlyAndFrenchSpacesKept()
    {
        var value = "A & <B> « é » l'asso " + Amount;
        var mail = Templates("<p>{{name}}</p>", "{{name}}").Render(MailKind.Receipt, new TemplateModel().Set("name", value));

        Assert.Equal("<html><p>A &amp; &lt;B&gt; « é » l&#39;asso " + Amount + "</p></html>", mail.Html);
        Assert.Equal(value + "\n--\n", mail.Text);
        Assert.Equal("Objet " + value, mail.Subject);
    }

    [Fact]
    public void Render_LineBreaksInValue_BecomeBrInHtmlAndStayInText()
    {
        var mail = Templates("<p>{{name}}</p>", "{{name}}").Render(MailKind.Receipt, new TemplateModel().Set("name", "un\r\ndeux"));

        Assert.Equal("<html><p>un<br>\ndeux</p></html>", mail.Html);
        Assert.Equal("un\r\ndeux\n--\n", mail.Text);
    }

    [Theory]
    [InlineData("<p>{{nom}}</p>", "{{name}}", "nom")]
    [InlineData("<p>{{name}}</p>", "{{#if nom}}x{{/if}}", "nom")]
    [InlineData("<p>{{name}}</p>", "{{#each nom}}x{{/each}}", "nom")]
    [InlineData("<p>{{name}}</p>", "{{name}} {{a nom}}", "nom")]
    public void Render_NameWithoutValue_ThrowsNamingIt(string html, string text, string missing)
    {
        var templates = Templates(html, text);

        var e = Assert.Throws<MailTemplateException>(() => templates.Render(MailKind.Receipt, new TemplateModel().Set("name", "x")));
        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
        Assert.Contains("receipt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_LayoutBody_IsTheRenderedHtmlNotEscapedTwice()
    {
        var mail = Templates("<p><a href=\"{{url}}\">lien</a></p>", "{{url}}").Render(MailKind.Receipt, new TemplateModel().Set("name", "x").Set("url", "https://a.example/?a=1&b=2"));

        Assert.Equal("<html><p><a href=\"https://a.example/?a=1&amp;b=2\">lien</a></p></html>", mail.Html);
    }

    [Fact]
    public void Render_EachAndIfOnTheirOwnLines_LeaveNoBlankLinesAndSeeTheEnclosingValues()
    {
        const string text = "Liste :\n{{#each items}}\n- {{label}} ({{owner}}){{#if flag}} !{{/if}}\n{{/each}}\n{{#if empty}}\nvide\n{{else}}\nfin\n{{/if}}\n";
        var model = new TemplateModel()
            .Set("name", "x")
            .Set("owner", "moi")
            .Set("empty", new List<TemplateModel>())
            .Set("items", [new TemplateModel().Set("label", "a").Set("flag", true), new TemplateModel().Set("label", "b").Set("flag", false)]);

        var mail = Templates("<p>{{name}}</p>", text).Render(MailKind.Receipt, model);

        Assert.Equal("Liste :\n- a (moi) !\n- b (moi)\nfin\n--\n", mail.Text);
    }

    [Theory]
    [InlineData("{{#if a}}x")]
    [InlineData("{{/each}}")]
    [InlineData("{{#each a}}{{/if}}")]
    [InlineData("{{name")]
    [InlineData("{{> partial}}")]
    [InlineData("{{{name}}}")]
    [InlineData("{{&name}}")]
    public void Load_MalformedTemplateOrRawValue_FailsAtStart(string html) =>
        Assert.Throws<MailTemplateException>(() => Templates(html, "{{name}}"));

    [Fact]
    public void Load_TextWithoutSubjectLine_FailsAtStart() =>
        Assert.Throws<MailTemplateException>(() => new MailTemplates(new Dictionary<string, string>
        {
            ["_layout.txt"] = "{{body}}",
            ["_layout.html"] = "{{{body}}}",
            ["receipt.txt"] = "Bonjour {{name}}",
            ["receipt.html"] = "<p>{{name}}</p>",
        }));

    private static MailTemplates Templates(string html, string text) => new(new Dictionary<string, string>
    {
        ["_layout.txt"] = "{{body}}--\n",
        ["_layout.html"] = "<html>{{{body}}}</html>",
        ["receipt.txt"] = "Objet : Objet {{name}}\n\n" + text,
        ["receipt.html"] = html,
    });
}
