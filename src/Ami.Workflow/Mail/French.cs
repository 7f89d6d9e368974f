using System.Globalization;
using Ami.Domain.Campaigns;
using Ami.Workflow.Steps;

namespace Ami.Workflow.Mail;

/// <summary>How mails write dates (Europe/Paris, in French: <c>29 mai 2015</c>, <c>1er juin 2015 à 9 h 30</c>) and journey steps (statuses: <c>DossierStatusText.ToFrench</c> of the domain).</summary>
public static class French
{
    private static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>The day of <paramref name="instant"/> in Paris: <c>29 mai 2015</c>.</summary>
    public static string Date(DateTimeOffset instant) => Date(DateOnly.FromDateTime(ParisTime.ToParis(instant).DateTime));

    public static string Date(DateOnly day) =>
        (day.Day == 1 ? "1er" : day.Day.ToString(Culture)) + " " + day.ToString("MMMM yyyy", Culture);

    /// <summary>The day and time of <paramref name="instant"/> in Paris: <c>29 mai 2015 à 23 h 59</c>.</summary>
    public static string DateTime(DateTimeOffset instant)
    {
        var paris = ParisTime.ToParis(instant);
        return Date(DateOnly.FromDateTime(paris.DateTime)) + " à " + paris.Hour.ToString(Culture) + " h " + paris.Minute.ToString("00", Culture);
    }

    /// <summary>A count and its noun, singular for 0 and 1 as French writes it: <c>1 grille</c>, <c>2 grilles</c>.</summary>
    public static string Count(int count, string one, string many) =>
        count.ToString(Culture) + " " + (count <= 1 ? one : many);

    /// <summary>A step of the journey as staff read it (<see cref="StepDefinition.Awaited"/>: <c>la validation du bilan</c>).</summary>
    public static string Step(string step) =>
        StepCatalog.Of(step)?.Awaited ?? throw new MailTemplateException($"Unknown step '{step}'.");
}
