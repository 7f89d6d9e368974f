using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Ami.Domain.Money;
using Ami.Domain.States;
using Ami.Pages;
using Ami.Pages.Components.Staff;
using Ami.Workflow.Staff;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ami.LocalHost.Tests.Browser;

/// <summary>The ranking chart drawn on the server: one row per dossier, the mean's dot and the spread's line where they belong.</summary>
public sealed partial class RankingChartTests
{
    [Fact]
    public async Task Chart_PlacesEachMeanAndSpreadOnTheScaleOf36_AndDescribesThemInWords()
    {
        DossierListRow[] rows = [Row("AMI-0007", 30m, 27, 33), Row("AMI-0002", 18m, 12, 24)];
        await using var services = new ServiceCollection().AddSingleton(HtmlEncoder.Create(UnicodeRanges.All)).BuildServiceProvider();

        var svg = await new PageRenderer(services, NullLoggerFactory.Instance).RenderAsync<RankingChart>(new Dictionary<string, object?> { ["Rows"] = rows });

        Assert.Contains("role=\"img\"", svg, StringComparison.Ordinal);
        var dots = Circle().Matches(svg).Select(m => decimal.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        var lines = Spread().Matches(svg).Select(m => (decimal.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), decimal.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(2, dots.Count);
        Assert.Equal(2, lines.Count);

        // The scale: 0 at x=190, 36 at x=700 (760 wide, 60 to the right).
        static decimal X(decimal total) => 190m + 510m * total / 36m;
        Assert.InRange(dots[0], X(30m) - 0.1m, X(30m) + 0.1m);
        Assert.InRange(dots[1], X(18m) - 0.1m, X(18m) + 0.1m);
        Assert.Equal((X(27), X(33)), (Math.Round(lines[0].Item1, 1), Math.Round(lines[0].Item2, 1)), new RoundedComparer());
        Assert.True(dots[0] > dots[1], "the better mean is further right");
        Assert.Contains("1. AMI-0007 : moyenne 30,00 sur 36, de 27 à 33, 3 fiches ; 2. AMI-0002 : moyenne 18,00 sur 36, de 12 à 24", svg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chart_WithoutScoredDossiers_SaysSoInWords()
    {
        await using var services = new ServiceCollection().AddSingleton(HtmlEncoder.Create(UnicodeRanges.All)).BuildServiceProvider();

        var html = await new PageRenderer(services, NullLoggerFactory.Instance).RenderAsync<RankingChart>(new Dictionary<string, object?> { ["Rows"] = Array.Empty<DossierListRow>() });

        Assert.DoesNotContain("<svg", html, StringComparison.Ordinal);
        Assert.Contains("Aucun dossier noté", html, StringComparison.Ordinal);
    }

    private static DossierListRow Row(string reference, decimal mean, int min, int max) =>
        new("d-" + reference, reference, DossierStatus.Cp, DateTimeOffset.UnixEpoch, "Porteur", "association", "33000", "Action", Euros.FromDecimal(20000), null, null, DateTimeOffset.UnixEpoch)
        {
            Jury = new JuryFigures(3, mean, min, max),
        };

    [GeneratedRegex("<circle cx=\"([0-9.]+)\"")]
    private static partial Regex Circle();

    [GeneratedRegex("<line x1=\"([0-9.]+)\" y1=\"[0-9.]+\" x2=\"([0-9.]+)\" y2=\"[0-9.]+\" stroke=\"#000091\"")]
    private static partial Regex Spread();

    private sealed class RoundedComparer : IEqualityComparer<(decimal, decimal)>
    {
        public bool Equals((decimal, decimal) x, (decimal, decimal) y) => Math.Abs(x.Item1 - y.Item1) <= 0.1m && Math.Abs(x.Item2 - y.Item2) <= 0.1m;

        public int GetHashCode((decimal, decimal) obj) => 0;
    }
}
