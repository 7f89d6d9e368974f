namespace Ami.Domain.Validation;

/// <summary>
/// One problem with one field of the input, as listed in a problem+json <c>errors</c> array.
/// </summary>
/// <param name="Field">Path of the field in the JSON of docs/api.md, e.g. <c>holder.address.postalCode</c>,
/// <c>budget.expenses[2].category</c>; empty for the document as a whole.</param>
/// <param name="Code">Stable kebab-case code (see <see cref="ErrorCodes"/>): clients may rely on it.</param>
/// <param name="Message">French message for the person who filled the form.</param>
public sealed record FieldError(string Field, string Code, string Message);
