using Ami.Domain.Campaigns;
using Ami.Domain.Money;

namespace Ami.Domain.Payments;

/// <summary>
/// A grant's payments as the Commission permanente decided them, frozen on the dossier: the granted amount,
/// each instalment to the cent with its percent, and the length of the expense window. Every release, mail and
/// page reads this plan, never the campaign again, so a later change of the campaign's
/// <see cref="Campaign.InstalmentPercents"/> or <see cref="Campaign.MaxDurationMonths"/> does not change what a
/// granted dossier is paid.
/// </summary>
/// <param name="Grant">The amount the CP granted; the instalments add up to it exactly.</param>
/// <param name="Instalments">Numbered from 1, in the order they are paid.</param>
/// <param name="ExpenseMonths">The expense window's length in months, from the start of the action (§7).</param>
public sealed record GrantPlan(Euros Grant, IReadOnlyList<Instalment> Instalments, int ExpenseMonths)
{
    /// <summary>The plan of <paramref name="grant"/> under <paramref name="campaign"/>'s rules, as the CP grants it.</summary>
    public static GrantPlan For(Euros grant, Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        return new GrantPlan(grant, InstalmentPlan.For(grant, campaign.InstalmentPercents), campaign.MaxDurationMonths);
    }

    /// <summary>
    /// The plan of a dossier granted before plans were stored, frozen from the campaign as it is now, except that
    /// the instalments already <paramref name="released"/> stay as they were paid: the last one still takes the
    /// remainder, so the plan adds up to the grant whatever the campaign became in between (70 % of 20 000 € paid,
    /// split now 50/50: 14 000 € + 6 000 €).
    /// </summary>
    public static GrantPlan Resume(Euros grant, Campaign campaign, IReadOnlyList<Instalment> released)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(released);
        var paid = released.ToDictionary(i => i.Number);
        var count = Math.Max(campaign.InstalmentPercents.Count, paid.Count == 0 ? 0 : paid.Keys.Max());
        var fresh = InstalmentPlan.For(grant, campaign.InstalmentPercents);
        if (paid.Count == 0)
        {
            return new GrantPlan(grant, fresh, campaign.MaxDurationMonths);
        }

        var instalments = new List<Instalment>(count);
        for (var number = 1; number < count; number++)
        {
            instalments.Add(paid.TryGetValue(number, out var p) ? p : fresh.FirstOrDefault(i => i.Number == number) ?? new Instalment(number, 0, Euros.Zero));
        }

        var before = instalments.Aggregate(Euros.Zero, (sum, i) => sum + i.Amount);
        var last = paid.TryGetValue(count, out var lastPaid)
            ? lastPaid
            : new Instalment(count, Math.Max(0, 100 - instalments.Sum(i => i.Percent)), grant - before);
        if (last.Amount.Cents < 0)
        {
            throw new InvalidOperationException("Les versements déjà effectués dépassent l'aide attribuée.");
        }

        instalments.Add(last);
        return new GrantPlan(grant, instalments, campaign.MaxDurationMonths);
    }

    /// <summary>Instalment <paramref name="number"/> (from 1); throws when the plan has no such instalment.</summary>
    public Instalment Instalment(int number) =>
        Instalments.FirstOrDefault(i => i.Number == number)
        ?? throw new ArgumentOutOfRangeException(nameof(number), number, "Ce versement n'existe pas dans le plan de l'aide.");

    /// <summary>The days on which expenses count for an action started on <paramref name="start"/>.</summary>
    public ExpenseWindow ExpenseWindowFrom(DateOnly start) => InstalmentPlan.ExpenseWindowFor(start, ExpenseMonths);
}
