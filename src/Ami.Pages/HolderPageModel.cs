using Ami.Domain.Campaigns;
using Ami.Workflow.Actions;
using Ami.Workflow.Activities;
using Ami.Workflow.Ports;

namespace Ami.Pages;

/// <summary>Everything "Mon dossier" shows, read by <see cref="HolderPages"/> for one dossier.</summary>
public sealed record HolderPageModel(
    string Token,
    DossierRecord Dossier,
    Campaign Campaign,
    IReadOnlyList<TimelineEntry> Timeline,
    IReadOnlyList<InstalmentView> Instalments,
    DecisionReport? Decision,
    DateOnly? StartFrom,
    DateOnly StartTo,
    DateTimeOffset Now)
{
    /// <summary>The short-lived download link of each file, by attachment id (none for a file that is not offered).</summary>
    public IReadOnlyDictionary<string, string?> FileHrefs { get; init; } = new Dictionary<string, string?>();

    /// <summary>The staff's request, when the dossier waits for the holder's changes.</summary>
    public StepDecision? ChangesRequest { get; init; }

    /// <summary>Field errors of the start form, when it comes back.</summary>
    public IReadOnlyDictionary<string, string> StartErrors { get; init; } = new Dictionary<string, string>();

    /// <summary>What the holder typed in the start form, when it comes back.</summary>
    public string? StartTyped { get; init; }

    /// <summary>Field errors of the bilan form (<c>report</c>, <c>summary</c>, <c>spent</c>), when it comes back.</summary>
    public IReadOnlyDictionary<string, string> BilanErrors { get; init; } = new Dictionary<string, string>();

    /// <summary>What the holder typed in the bilan form (<c>spent.{category}</c>, <c>summary</c>), when it comes back.</summary>
    public IReadOnlyDictionary<string, string> BilanTyped { get; init; } = new Dictionary<string, string>();
}
