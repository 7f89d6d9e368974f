using Ami.Domain.Validation;

namespace Ami.Domain.Tests.Validation;

public class FormatTests
{
    [Theory]
    [InlineData("44306184100047", true)]
    [InlineData("732 829 320 00074", true)] // written in groups
    [InlineData("44306184100048", false)] // wrong check digit
    [InlineData("10000000000008", false)] // the 14 digits pass Luhn but the SIREN does not
    [InlineData("4430618410004", false)] // 13 digits
    [InlineData("443061841000470", false)] // 15 digits
    [InlineData("4430618410004A", false)]
    [InlineData("35600000000048", true)] // La Poste head office: passes Luhn
    [InlineData("35600000012341", true)] // La Poste establishment: digits sum to 25, fails Luhn
    [InlineData("35600000012342", false)] // La Poste: neither rule
    [InlineData("", false)]
    public void IsValid_Siret_LuhnOrLaPosteRule(string siret, bool expected)
    {
        Assert.Equal(expected, Siret.IsValid(siret));
    }

    [Theory]
    [InlineData("jeanne.martin@jardins-partages.example", true)]
    [InlineData("ami.is@aquitaine.fr", true)]
    [InlineData("prenom+ami@sous.domaine.fr", true)]
    [InlineData("a@b.co", true)]
    [InlineData("contact@xn--rgion-bva.fr", true)]
    [InlineData("jeanne@localhost", false)]
    [InlineData("jeanne@", false)]
    [InlineData("@example.org", false)]
    [InlineData("jeanne martin@example.org", false)]
    [InlineData("jeanne..martin@example.org", false)]
    [InlineData("jeanne@example..org", false)]
    [InlineData("Jeanne <jeanne@example.org>", false)]
    [InlineData("jeanne@-example.org", false)]
    [InlineData("jeanne@région.fr", false)]
    [InlineData("jeanne@example.org,paul@example.org", false)]
    public void IsValid_EmailAddress_PlainAsciiAddressOnly(string address, bool expected)
    {
        Assert.Equal(expected, EmailAddresses.IsValid(address));
    }

    [Fact]
    public void IsValid_EmailLocalPartOf65_False()
    {
        Assert.True(EmailAddresses.IsValid(new string('a', 64) + "@example.org"));
        Assert.False(EmailAddresses.IsValid(new string('a', 65) + "@example.org"));
    }

    [Theory]
    [InlineData("0556563875", true)]
    [InlineData("05 56 56 38 75", true)]
    [InlineData("05.56.56.38.75", true)]
    [InlineData("05-56-56-38-75", true)]
    [InlineData("+33 5 56 56 38 75", true)]
    [InlineData("+33 (0)5 56 56 38 75", true)]
    [InlineData("0033556563875", true)]
    [InlineData("+262 262 12 34 56", true)]
    [InlineData("0262 12 34 56", true)] // La Réunion, national form
    [InlineData("05 56 56 38 7", false)] // nine digits
    [InlineData("0056563875", false)] // 00 is not a French number
    [InlineData("556563875", false)]
    [InlineData("05 56 56 38 75 1", false)]
    [InlineData("+44 20 7946 0958", false)]
    [InlineData("05 56 AB 38 75", false)]
    [InlineData("05 (0)56 56 38 75", false)]
    public void IsValid_FrenchPhone_NationalOrInternational(string phone, bool expected)
    {
        Assert.Equal(expected, FrenchPhoneNumbers.IsValid(phone));
    }

    [Theory]
    [InlineData("33000", "33")]
    [InlineData("75001", "75")]
    [InlineData("01000", "01")]
    [InlineData("64100", "64")]
    [InlineData(" 33000 ", "33")]
    [InlineData("20000", "2A")] // Ajaccio
    [InlineData("20137", "2A")] // Porto-Vecchio
    [InlineData("20200", "2B")] // Bastia
    [InlineData("20600", "2B")] // Bastia (Furiani)
    [InlineData("97100", "971")] // Basse-Terre, Guadeloupe
    [InlineData("97200", "972")] // Fort-de-France
    [InlineData("97400", "974")] // Saint-Denis, La Réunion
    [InlineData("97600", "976")] // Mamoudzou
    [InlineData("97133", "977")] // Saint-Barthélemy
    [InlineData("97150", "978")] // Saint-Martin
    [InlineData("98800", "988")] // Nouméa
    [InlineData("98000", FrenchPostalCodes.Monaco)]
    public void DepartmentOf_PostalCode_Department(string postalCode, string expected)
    {
        Assert.Equal(expected, FrenchPostalCodes.DepartmentOf(postalCode));
    }

    [Theory]
    [InlineData("00100")]
    [InlineData("96000")]
    [InlineData("99000")]
    [InlineData("20900")]
    [InlineData("97700")]
    [InlineData("98500")]
    [InlineData("3300")]
    [InlineData("330000")]
    [InlineData("33 000")]
    [InlineData("2A000")]
    [InlineData("")]
    public void DepartmentOf_NotAPostalCodeInUse_Null(string postalCode)
    {
        Assert.Null(FrenchPostalCodes.DepartmentOf(postalCode));
    }

    [Theory]
    [InlineData("33", true)]
    [InlineData("2A", true)]
    [InlineData("2B", true)]
    [InlineData("971", true)]
    [InlineData("20", false)]
    [InlineData("00", false)]
    [InlineData("97", false)]
    [InlineData("MC", false)]
    [InlineData("2a", false)]
    [InlineData("333", false)]
    public void IsDepartmentCode_Code_TrueForDepartmentsOnly(string code, bool expected)
    {
        Assert.Equal(expected, FrenchPostalCodes.IsDepartmentCode(code));
    }
}
