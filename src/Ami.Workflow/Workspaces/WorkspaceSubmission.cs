using Ami.Domain.Validation;

namespace Ami.Workflow.Workspaces;

public enum WorkspaceOutcome
{
    /// <summary>Every row was valid and each dossier's decision is recorded (once) and handed to its journey.</summary>
    Recorded,

    /// <summary>At least one row breaks the rules: nothing was recorded; every row's errors are listed.</summary>
    Invalid,

    /// <summary>The same page or session was submitted before: nothing more was done.</summary>
    Already,
}

/// <summary>
/// What became of a submitted page of decisions. <see cref="RowErrors"/> is keyed by the row's number as the person sees
/// it (the form's row, or the CSV file's line); <see cref="Errors"/> are about the whole submission.
/// </summary>
/// <param name="Recorded">The references of the dossiers decided by this submission.</param>
/// <param name="NotRecorded">Dossiers left aside although valid (a race: decided elsewhere meanwhile), each with why, in French.</param>
public sealed record WorkspaceSubmission(
    WorkspaceOutcome Outcome,
    IReadOnlyDictionary<int, IReadOnlyList<FieldError>> RowErrors,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> Recorded,
    IReadOnlyList<string> NotRecorded)
{
    public static WorkspaceSubmission Invalid(IReadOnlyDictionary<int, IReadOnlyList<FieldError>> rows, IReadOnlyList<string>? errors = null) =>
        new(WorkspaceOutcome.Invalid, rows, errors ?? [], [], []);

    public static WorkspaceSubmission Already(IReadOnlyList<string> references) =>
        new(WorkspaceOutcome.Already, new Dictionary<int, IReadOnlyList<FieldError>>(), [], references, []);
}
