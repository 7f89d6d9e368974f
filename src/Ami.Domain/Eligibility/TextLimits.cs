namespace Ami.Domain.Eligibility;

/// <summary>
/// The length limits of the dossier's texts, in characters (spaces included), in one place. They are
/// generous: they stop abuse (a whole book pasted in a field), not honest answers.
/// </summary>
public static class TextLimits
{
    /// <summary>Names and titles: holder, action, contact, partner.</summary>
    public const int Name = 200;

    /// <summary>Short labels: street, city, partner nature, expense label, income source.</summary>
    public const int Short = 200;

    /// <summary>A partner's role in the action.</summary>
    public const int PartnerRole = 2_000;

    /// <summary>Each free-text section of §5 (history, description, objectives, publics, means…): about a page and a half.</summary>
    public const int Section = 5_000;

    /// <summary>
    /// §5.3 asks for a "résumé de l'action en 2 pages". A typed A4 page (12-point body text, 2.5 cm margins,
    /// single spacing) holds about 3 000 characters with spaces, about 500 words; two pages are therefore
    /// about 6 000 characters. The check counts characters, not pages, so that it is the same on every
    /// screen and word processor.
    /// </summary>
    public const int Summary = 6_000;

    /// <summary>Comments of decisions (refusal reasons, requested changes).</summary>
    public const int Comment = 5_000;
}
