using Ami.Domain.Campaigns;
using Ami.Domain.Money;

namespace Ami.Domain.Payments;

/// <summary>One payment of a grant: number 1 at start, 2 on the bilan.</summary>
public sealed record Instalment(int Number, int Percent, Euros Amount);

/// <summary>The days on which expenses count for the grant (§7), both ends included.</summary>
public sealed record ExpenseWindow(DateOnly Start, DateOnly EndInclusive)
{
    public bool Contains(DateOnly day) => day >= Start && day <= EndInclusive;

    public int Days => EndInclusive.DayNumber - Start.DayNumber + 1;
}

/// <summary>
/// §7: "L'aide sera versée en deux fois : 70 % au démarrage et 30 % à la remise du bilan de la première
/// année", for expenses "pendant une période maximale de 12 mois consécutifs à compter de la date de
/// démarrage de l'action".
/// </summary>
public static class InstalmentPlan
{
    /// <summary>
    /// The payments of <paramref name="grant"/>, in cents: every part but the last is its percentage rounded
    /// down to the cent, the last is what remains, so the parts always add up to the grant exactly
    /// (33 333,33 € → 23 333,33 € + 10 000,00 €; 0,01 € → 0,00 € + 0,01 €).
    /// </summary>
    public static IReadOnlyList<Instalment> For(Euros grant, IReadOnlyList<int> percents)
    {
        ArgumentNullException.ThrowIfNull(percents);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(grant.Cents, nameof(grant));
        if (percents.Count == 0 || percents.Any(p => p is <= 0 or > 100) || percents.Sum() != 100)
        {
            throw new ArgumentException("Les pourcentages des versements sont positifs et totalisent 100.", nameof(percents));
        }

        var instalments = new List<Instalment>(percents.Count);
        var paid = 0L;
        for (var i = 0; i < percents.Count - 1; i++)
        {
            var cents = checked(grant.Cents * percents[i]) / 100; // integer division: rounded down for positive amounts
            instalments.Add(new Instalment(i + 1, percents[i], new Euros(cents)));
            paid += cents;
        }

        instalments.Add(new Instalment(percents.Count, percents[^1], new Euros(grant.Cents - paid)));
        return instalments;
    }

    public static IReadOnlyList<Instalment> For(Euros grant, Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        return For(grant, campaign.InstalmentPercents);
    }

    /// <summary>
    /// The expense window of an action started on <paramref name="start"/>: <paramref name="months"/>
    /// consecutive months (12: 2015-10-01 → 2016-09-30; 2016-02-29 → 2017-02-28; 2015-03-01 → 2016-02-29).
    /// </summary>
    public static ExpenseWindow ExpenseWindowFor(DateOnly start, int months)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(months);
        return new ExpenseWindow(start, ParisTime.AddMonths(start, months).AddDays(-1));
    }

    /// <summary>
    /// When the first-year bilan is due for an action started on <paramref name="start"/>:
    /// <see cref="Campaign.BilanDueAfter"/> after midnight (Paris) of the start day. With P12M and a start on
    /// 2015-10-01, 2016-10-01 00:00 in Paris: just after the last day of the expense window.
    /// </summary>
    public static DateTimeOffset BilanDueAt(DateOnly start, Campaign campaign) => BilanDueAt(ParisTime.StartOfDay(start), campaign);

    /// <summary>As <see cref="BilanDueAt(DateOnly, Campaign)"/> from an exact instant (campaigns in seconds, for tests).</summary>
    public static DateTimeOffset BilanDueAt(DateTimeOffset startedAt, Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        return ParisTime.Add(startedAt, campaign.BilanDueAfter);
    }
}
