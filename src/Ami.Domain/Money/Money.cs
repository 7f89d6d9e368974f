using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ami.Domain.Money;

/// <summary>
/// An amount in euros held as whole cents (never double). JSON: a number of euros with at most two
/// decimals (<c>40000</c>, <c>28000.00</c>).
/// </summary>
[JsonConverter(typeof(EurosJsonConverter))]
public readonly record struct Euros(long Cents) : IComparable<Euros>
{
    public static Euros Zero => new(0);

    /// <summary>Exact conversion; throws when the amount has more than two decimals.</summary>
    public static Euros FromDecimal(decimal euros)
    {
        var cents = euros * 100m;
        if (cents != decimal.Truncate(cents))
        {
            throw new ArgumentException("Un montant a au plus deux décimales.", nameof(euros));
        }

        return new Euros(checked((long)cents));
    }

    public static bool TryFromDecimal(decimal euros, out Euros value)
    {
        var cents = euros * 100m;
        if (cents != decimal.Truncate(cents) || cents > long.MaxValue || cents < long.MinValue)
        {
            value = Zero;
            return false;
        }

        value = new Euros((long)cents);
        return true;
    }

    public decimal ToDecimal() => Cents / 100m;

    public static Euros operator +(Euros a, Euros b) => new(checked(a.Cents + b.Cents));

    public static Euros operator -(Euros a, Euros b) => new(checked(a.Cents - b.Cents));

    public static bool operator <(Euros a, Euros b) => a.Cents < b.Cents;

    public static bool operator >(Euros a, Euros b) => a.Cents > b.Cents;

    public static bool operator <=(Euros a, Euros b) => a.Cents <= b.Cents;

    public static bool operator >=(Euros a, Euros b) => a.Cents >= b.Cents;

    public static Euros Min(Euros a, Euros b) => a.Cents <= b.Cents ? a : b;

    public int CompareTo(Euros other) => Cents.CompareTo(other.Cents);

    /// <summary>French display: <c>40 000,00 €</c>.</summary>
    public string ToFrench() => ToDecimal().ToString("N2", CultureInfo.GetCultureInfo("fr-FR")) + " €";

    public override string ToString() => ToDecimal().ToString("0.00", CultureInfo.InvariantCulture);
}

public sealed class EurosJsonConverter : JsonConverter<Euros>
{
    public override Euros Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDecimal(out var d))
        {
            throw new JsonException("Un montant est un nombre d'euros.");
        }

        if (!Euros.TryFromDecimal(d, out var e))
        {
            throw new JsonException("Un montant a au plus deux décimales.");
        }

        return e;
    }

    public override void Write(Utf8JsonWriter writer, Euros value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value.ToDecimal());
    }
}
