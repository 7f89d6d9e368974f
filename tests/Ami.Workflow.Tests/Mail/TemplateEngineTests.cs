using Ami.Workflow.Mail;

namespace Ami.Workflow.Tests.Mail;

public class TemplateEngineTests
{
    [Fact]
    public void Render_Placeholder_EscapedInHtmlOnly()
    {
        var t = MailTemplate.Parse("t", "<p>{{name}}</p>");
        var model = new TemplateModel().Set("name", "A & <B> « é »");

        Assert.Equal("<p>A &amp; &lt;B&gt; « é »</p>", t.Render(model, TemplateMode.Html));
        Assert.Equal("<p>A & <B> « é »</p>", t.Render(model, TemplateMode.Text));
    }

    [Fact]
    public void Render_MissingValue_Throws()
    {
        var t = MailTemplate.Parse("t", "Bonjour {{nom}}");

        var e = Assert.Throws<MailTemplateException>(() => t.Render(new TemplateModel().Set("name", "x"), TemplateMode.Text));
        Assert.Contains("nom", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_RawPlaceholderOfText_Throws()
    {
        var t = MailTemplate.Parse("t", "{{{name}}}");

        Assert.Throws<MailTemplateException>(() => t.Render(new TemplateModel().Set("name", "<b>"), TemplateMode.Html));
    }

    [Fact]
    public void Render_EachAndIfOnTheirOwnLines_LeaveNoBlankLines()
    {
        var t = MailTemplate.Parse("t", "Liste :\n{{#each items}}\n- {{label}} ({{owner}}){{#if flag}} !{{/if}}\n{{/each}}\n{{#if empty}}\nvide\n{{else}}\nfin\n{{/if}}\n");
        var model = new TemplateModel()
            .Set("owner", "moi")
            .Set("empty", new List<TemplateModel>())
            .Set("items", [new TemplateModel().Set("label", "a").Set("flag", true), new TemplateModel().Set("label", "b").Set("flag", false)]);

        Assert.Equal("Liste :\n- a (moi) !\n- b (moi)\nfin\n", t.Render(model, TemplateMode.Text));
    }

    [Theory]
    [InlineData("{{#if a}}x")]
    [InlineData("{{/each}}")]
    [InlineData("{{#each a}}{{/if}}")]
    [InlineData("{{name")]
    [InlineData("{{> partial}}")]
    [InlineData("{{a b}}")]
    public void Parse_Malformed_Throws(string source) =>
        Assert.Throws<MailTemplateException>(() => MailTemplate.Parse("t", source));
}
