using Ami.Domain.Dossiers;
using Ami.Workflow.Actions;
using Ami.Workflow.Workspaces;

namespace Ami.Pages.Workspaces;

/// <summary>What the page of one dossier of a juror shows.</summary>
public sealed record JurorSheetModel(
    string Token,
    JurorOverview Overview,
    JurorDossier Item,
    DossierSubmission? Submission,
    IReadOnlyList<AttachmentLink> Attachments,
    IReadOnlyList<OtherSheet> Others)
{
    /// <summary>The levels shown checked: as typed when the form came back with errors, else the saved grid, else the recorded sheet.</summary>
    public IReadOnlyDictionary<string, string> Typed { get; init; } = new Dictionary<string, string>();

    public string? Comment { get; init; }

    /// <summary>Errors by field (<c>scores.{key}</c>, <c>comment</c>, <c>decision</c>); empty when none.</summary>
    public IReadOnlyList<(string Field, string Message)> Errors { get; init; } = [];

    /// <summary>A note at the top (saved, or why the sheet was not recorded).</summary>
    public string? Notice { get; init; }

    public string? ErrorOf(string field) => Errors.FirstOrDefault(e => e.Field == field).Message;
}
