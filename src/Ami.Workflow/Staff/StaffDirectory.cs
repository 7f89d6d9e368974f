using System.Collections.Concurrent;
using Ami.Workflow.Storage;
using Azure;
using Azure.Data.Tables;

namespace Ami.Workflow.Staff;

/// <summary>
/// Who is behind a <c>staff:{id}</c> actor. A decision taken on a staff page records only the person's id (in the
/// timeline and the journey's history: ids only); the name and address are kept here, in Table <c>StaffPeople</c>,
/// written when the person decides, and read by the staff pages to name them.
/// </summary>
public sealed class StaffDirectory(AmiStorage storage)
{
    public const string Prefix = "staff:";
    private const string Partition = "staff";
    private readonly ConcurrentDictionary<string, string> _known = new(StringComparer.Ordinal);

    /// <summary>Keeps (or refreshes) the person's name and address.</summary>
    public async Task RememberAsync(StaffPrincipal person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        await storage.EnsureCreatedAsync(cancellationToken);
        var entity = new TableEntity(Partition, Key(person.Id)) { ["Name"] = person.Name, ["Email"] = person.Email };
        await storage.Table(TableNames.StaffPeople).UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        _known[person.Id] = Display(person.Name, person.Email);
    }

    /// <summary>"Name (address)" for a <c>staff:{id}</c> actor, or null for any other actor (or an unknown person).</summary>
    public async Task<string?> NameAsync(string? actor, CancellationToken cancellationToken)
    {
        if (actor is null || !actor.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var id = actor[Prefix.Length..];
        if (_known.TryGetValue(id, out var known))
        {
            return known;
        }

        await storage.EnsureCreatedAsync(cancellationToken);
        NullableResponse<TableEntity> row;
        try
        {
            row = await storage.Table(TableNames.StaffPeople).GetEntityIfExistsAsync<TableEntity>(Partition, Key(id), ["Name", "Email"], cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 400)
        {
            return null;
        }

        if (!row.HasValue || row.Value is null)
        {
            return null;
        }

        return _known[id] = Display(row.Value.GetString("Name") ?? id, row.Value.GetString("Email") ?? "");
    }

    /// <summary>The names of every <c>staff:{id}</c> actor among <paramref name="actors"/>.</summary>
    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(IEnumerable<string?> actors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actors);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var actor in actors.OfType<string>().Where(a => a.StartsWith(Prefix, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal))
        {
            if (await NameAsync(actor, cancellationToken) is { } name)
            {
                names[actor] = name;
            }
        }

        return names;
    }

    private static string Display(string name, string email) => string.IsNullOrWhiteSpace(email) ? name : $"{name} ({email})";

    /// <summary>A row key never holds / \ # ? or control characters (Entra object ids and local ids never do; this is a guard).</summary>
    private static string Key(string id) => new([.. id.Select(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c) ? '_' : c)]);
}
