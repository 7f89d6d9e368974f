using System.Globalization;
using Ami.Domain.Money;
using Ami.Domain.States;
using Ami.Domain.Validation;
using Ami.Workflow.Storage;
using Microsoft.AspNetCore.Http;

namespace Ami.Workflow.Staff;

/// <summary>
/// The staff list's filters, as typed in its form (query string): <c>statut</c> (repeatable), <c>departement</c>,
/// <c>type</c> (holder type), <c>montantMin</c>/<c>montantMax</c> (euros requested), <c>q</c> (reference or holder's
/// name), <c>page</c> and <c>parPage</c>. An absurd value is refused with the field named, never silently dropped.
/// </summary>
public sealed record DossierListQuery
{
    public const int MaxPageSize = 200;
    public const int MaxSearchLength = 100;

    /// <summary>Holder types as the API names them.</summary>
    public static readonly IReadOnlyList<string> HolderTypes = ["association", "company", "public-body", "union", "user-collective"];

    public IReadOnlySet<DossierStatus> Statuses { get; init; } = new HashSet<DossierStatus>();

    public string? Department { get; init; }

    public string? HolderType { get; init; }

    public Euros? MinAmount { get; init; }

    public Euros? MaxAmount { get; init; }

    public string? Search { get; init; }

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 50;

    /// <summary>Reads the filters; every problem is in <paramref name="errors"/> (field = the query parameter's name).</summary>
    public static DossierListQuery Parse(IQueryCollection query, out IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(query);
        var problems = new List<FieldError>();
        var statuses = new HashSet<DossierStatus>();
        foreach (var s in query["statut"].Where(v => !string.IsNullOrWhiteSpace(v)))
        {
            if (StatusText.TryParse(s!.Trim(), out var status))
            {
                statuses.Add(status);
            }
            else
            {
                problems.Add(new FieldError("statut", ErrorCodes.InvalidValue, $"Statut inconnu : « {Short(s)} »."));
            }
        }

        string? department = One(query, "departement", problems);
        if (department is not null && !(department.Length == 2 && (department.All(char.IsAsciiDigit) && department != "00" || department is "2A" or "2B" or "2a" or "2b")))
        {
            problems.Add(new FieldError("departement", ErrorCodes.InvalidValue, "Département attendu sur deux caractères, par exemple 33 ou 2A."));
            department = null;
        }

        var type = One(query, "type", problems);
        if (type is not null && !HolderTypes.Contains(type, StringComparer.Ordinal))
        {
            problems.Add(new FieldError("type", ErrorCodes.InvalidValue, $"Type de porteur inconnu : « {Short(type)} »."));
            type = null;
        }

        var min = Amount(query, "montantMin", problems);
        var max = Amount(query, "montantMax", problems);
        if (min is { } lo && max is { } hi && lo > hi)
        {
            problems.Add(new FieldError("montantMax", ErrorCodes.OutOfRange, "Le montant maximal est inférieur au montant minimal."));
        }

        var search = One(query, "q", problems);
        if (search is { Length: > MaxSearchLength })
        {
            problems.Add(new FieldError("q", ErrorCodes.TooLong, $"Recherche de {MaxSearchLength} caractères au plus."));
            search = null;
        }

        var page = Integer(query, "page", 1, 1, 100_000, problems);
        var pageSize = Integer(query, "parPage", 50, 10, MaxPageSize, problems);
        errors = problems;
        return new DossierListQuery
        {
            Statuses = statuses,
            Department = department?.ToUpperInvariant(),
            HolderType = type,
            MinAmount = min,
            MaxAmount = max,
            Search = search,
            Page = page,
            PageSize = pageSize,
        };
    }

    /// <summary>The rows that pass every filter, in reference order.</summary>
    public IEnumerable<DossierListRow> Filter(IEnumerable<DossierListRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var search = Search?.Trim();
        return rows.Where(r =>
            (Statuses.Count == 0 || Statuses.Contains(r.Status))
            && (Department is null || string.Equals(r.Department, Department, StringComparison.OrdinalIgnoreCase))
            && (HolderType is null || r.HolderType == HolderType)
            && (MinAmount is null || r.RequestedAmount >= MinAmount.Value)
            && (MaxAmount is null || r.RequestedAmount <= MaxAmount.Value)
            && (string.IsNullOrEmpty(search)
                || r.Reference.Contains(search, StringComparison.OrdinalIgnoreCase)
                || CultureInfo.GetCultureInfo("fr-FR").CompareInfo.IndexOf(r.HolderName, search, CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace) >= 0));
    }

    /// <summary>The query string of these filters (for the pager's and the exports' links), with another page.</summary>
    public string ToQueryString(int? page = null)
    {
        var parts = new List<string>();
        parts.AddRange(Statuses.Order().Select(s => "statut=" + StatusText.Format(s)));
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }

        Add("departement", Department);
        Add("type", HolderType);
        Add("montantMin", MinAmount?.ToDecimal().ToString(CultureInfo.InvariantCulture));
        Add("montantMax", MaxAmount?.ToDecimal().ToString(CultureInfo.InvariantCulture));
        Add("q", Search);
        if ((page ?? Page) != 1)
        {
            parts.Add("page=" + (page ?? Page).ToString(CultureInfo.InvariantCulture));
        }

        if (PageSize != 50)
        {
            parts.Add("parPage=" + PageSize.ToString(CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    private static string Short(string? value) => value is { Length: > 40 } ? value[..40] + "…" : value ?? "";

    private static string? One(IQueryCollection query, string name, List<FieldError> problems)
    {
        var values = query[name].Where(v => !string.IsNullOrWhiteSpace(v)).ToArray();
        if (values.Length > 1)
        {
            problems.Add(new FieldError(name, ErrorCodes.DuplicateField, "Une seule valeur attendue."));
        }

        return values.Length == 0 ? null : values[0]!.Trim();
    }

    private static Euros? Amount(IQueryCollection query, string name, List<FieldError> problems)
    {
        var text = One(query, name, problems);
        if (text is null)
        {
            return null;
        }

        var compact = text.Replace(" ", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal).Replace("\u202f", "", StringComparison.Ordinal).Replace("€", "", StringComparison.Ordinal).Replace(',', '.');
        if (!decimal.TryParse(compact, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var euros))
        {
            problems.Add(new FieldError(name, ErrorCodes.InvalidAmount, "Montant attendu en euros, par exemple 20 000 ou 12 500,50."));
            return null;
        }

        if (euros < 0 || euros > 1_000_000_000m || !Euros.TryFromDecimal(euros, out var value))
        {
            problems.Add(new FieldError(name, ErrorCodes.OutOfRange, "Montant entre 0 et 1 000 000 000 €, au centime près."));
            return null;
        }

        return value;
    }

    private static int Integer(IQueryCollection query, string name, int fallback, int min, int max, List<FieldError> problems)
    {
        var text = One(query, name, problems);
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            problems.Add(new FieldError(name, ErrorCodes.OutOfRange, $"Nombre entier entre {min} et {max}."));
            return fallback;
        }

        return value;
    }
}
