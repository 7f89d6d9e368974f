namespace Ami.Workflow.Ports;

/// <summary>
/// A holder's move that the journey takes once (the start, bilan <c>n</c>, the withdrawal), as claimed in storage
/// before it is acted on: the first request wins, the others are answered with what was kept.
/// </summary>
/// <param name="Move">e.g. <c>start</c>, <c>bilan</c>, <c>withdraw</c>.</param>
/// <param name="Attempt">The journey's attempt of that step (bilan 2 after changes were requested); 0 when it has none.</param>
/// <param name="Value">What the winner declared (the start date, <c>yyyy-MM-dd</c>; the report's name).</param>
public sealed record HolderMove(string DossierId, string Move, int Attempt, string Value, DateTimeOffset ClaimedAt)
{
    /// <summary>Optimistic concurrency tag of the stored claim.</summary>
    public string ETag { get; init; } = "";
}

/// <summary>
/// The claims of holder moves, in storage (Table <c>HolderMoves</c>: insert-if-absent, ETag), so that they hold
/// across every instance of the app, not only within one process.
/// </summary>
public interface IHolderMoves
{
    /// <summary>
    /// Claims the move unless it is claimed (insert-if-absent); a claim older than <paramref name="staleAfter"/>
    /// (its request died before it reached the journey) is taken over under its ETag. Returns the claim as stored
    /// and whether this call made it.
    /// </summary>
    Task<(bool Won, HolderMove Claim)> TryClaimAsync(HolderMove move, TimeSpan staleAfter, CancellationToken cancellationToken);

    Task<HolderMove?> GetAsync(string dossierId, string move, int attempt, CancellationToken cancellationToken);

    /// <summary>Gives the claim up (its request failed before the journey took it), unless another request took it over.</summary>
    Task ReleaseAsync(HolderMove claim, CancellationToken cancellationToken);
}
