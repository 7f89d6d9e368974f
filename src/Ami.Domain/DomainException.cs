namespace Ami.Domain;

/// <summary>
/// A rule of the call was broken by an operation (not by user input, which is reported as
/// <see cref="Validation.FieldError"/>s). <see cref="Code"/> is stable (kebab-case) and can be sent to
/// clients as a problem's <c>code</c>; the message is French.
/// </summary>
public sealed class DomainException : Exception
{
    public DomainException(string code, string message)
        : base(message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        Code = code;
    }

    public DomainException()
        : this("domain-error", "Règle métier non respectée.")
    {
    }

    public DomainException(string message)
        : this("domain-error", message)
    {
    }

    public DomainException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "domain-error";
    }

    /// <summary>Stable kebab-case code, e.g. <c>invalid-transition</c>.</summary>
    public string Code { get; }
}
