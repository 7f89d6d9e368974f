using Ami.Domain.States;

namespace Ami.Domain.Tests.States;

public class StatusTextTests
{
    [Theory]
    [InlineData(DossierStatus.Submitted, "submitted")]
    [InlineData(DossierStatus.ChangesRequested, "changes-requested")]
    [InlineData(DossierStatus.Cp, "cp")]
    [InlineData(DossierStatus.BilanDue, "bilan-due")]
    [InlineData(DossierStatus.BilanSubmitted, "bilan-submitted")]
    public void A_status_is_written_as_the_api_writes_it(DossierStatus status, string text)
    {
        Assert.Equal(text, StatusText.Format(status));
        Assert.Equal(status, StatusText.Parse(text));
    }

    [Fact]
    public void Every_status_reads_back_from_its_text_and_no_two_share_one()
    {
        var texts = Enum.GetValues<DossierStatus>().Select(StatusText.Format).ToArray();
        Assert.Equal(texts.Length, texts.Distinct(StringComparer.Ordinal).Count());
        foreach (var status in Enum.GetValues<DossierStatus>())
        {
            Assert.True(StatusText.TryParse(StatusText.Format(status), out var parsed));
            Assert.Equal(status, parsed);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("inconnu")]
    [InlineData("submitted\"")]
    [InlineData("sub\\u006ditted")]
    public void An_unknown_or_crafted_text_is_not_a_status(string? text)
    {
        Assert.False(StatusText.TryParse(text, out _));
    }
}
