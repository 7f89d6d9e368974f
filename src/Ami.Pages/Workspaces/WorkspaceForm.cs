using Ami.Domain.Validation;

namespace Ami.Pages.Workspaces;

/// <summary>A row of a workspace form as typed, and its errors by the page's field (<c>decision</c>, <c>montant</c>, <c>motifs</c>, <c>reference</c>).</summary>
public sealed record WorkspaceRow(int Row, IReadOnlyDictionary<string, string> Typed, IReadOnlyDictionary<string, string> Errors)
{
    public static readonly WorkspaceRow Empty = new(0, new Dictionary<string, string>(), new Dictionary<string, string>());

    public string Value(string field) => Typed.TryGetValue(field, out var v) ? v : "";

    public string? Error(string field) => Errors.TryGetValue(field, out var e) ? e : null;

    /// <summary>The rules' errors of a row, one message per page field (the first), in the page's words.</summary>
    public static IReadOnlyDictionary<string, string> ErrorsOf(IReadOnlyList<FieldError>? errors)
    {
        var byField = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in errors ?? [])
        {
            byField.TryAdd(WorkspaceGate.FieldOf(e.Field), e.Message);
        }

        return byField;
    }
}
