using System.Diagnostics.CodeAnalysis;
using Ami.Workflow.Activities;

namespace Ami.Workflow.Orchestrations;

/// <summary>
/// What a phase of the journey (<see cref="DossierJourney"/>) hands to the next: go on, with <see cref="Value"/>
/// (what the next phases need), or the end of the journey (<see cref="Outcome"/>, from <c>EndAsync</c> or
/// <c>WithdrawAsync</c>). A phase's end is returned as it is: <c>return await j.WithdrawAsync();</c>.
/// </summary>
internal readonly record struct Phase<T>
{
    private Phase(T value, JourneyOutcome? outcome)
    {
        Value = value;
        Outcome = outcome;
    }

    /// <summary>What the next phases need (meaningless when <see cref="Ended"/>).</summary>
    public T Value { get; }

    /// <summary>The journey's end, when this phase ended it.</summary>
    public JourneyOutcome? Outcome { get; }

    [MemberNotNullWhen(true, nameof(Outcome))]
    public bool Ended => Outcome is not null;

    public static Phase<T> GoOn(T value) => new(value, null);

    public static implicit operator Phase<T>(JourneyOutcome end) => new(default!, end ?? throw new ArgumentNullException(nameof(end)));
}

/// <summary>A phase that hands nothing to the next: go on, or the end of the journey.</summary>
internal readonly record struct Phase
{
    private Phase(JourneyOutcome? outcome) => Outcome = outcome;

    public static Phase GoOn => default;

    /// <summary>The journey's end, when this phase ended it.</summary>
    public JourneyOutcome? Outcome { get; }

    [MemberNotNullWhen(true, nameof(Outcome))]
    public bool Ended => Outcome is not null;

    public static implicit operator Phase(JourneyOutcome end) => new(end ?? throw new ArgumentNullException(nameof(end)));
}

/// <summary>The instruction's answer: the eligibility decision (the mails of later phases refer to it) and whether staff asked for an audition.</summary>
internal sealed record Eligibility(DecisionRef Decision, bool Audition);
