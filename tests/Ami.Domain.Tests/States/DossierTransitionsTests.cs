using Ami.Domain.States;
using Ami.Domain.Validation;
using S = Ami.Domain.States.DossierStatus;

namespace Ami.Domain.Tests.States;

public class DossierTransitionsTests
{
    /// <summary>The allowed moves, written out from the journey of the call (independently of the code).</summary>
    private static readonly HashSet<(S From, S To)> AllowedMoves =
    [
        (S.Submitted, S.Eligible), (S.Submitted, S.Ineligible), (S.Submitted, S.ChangesRequested), (S.Submitted, S.Withdrawn),
        (S.ChangesRequested, S.Submitted), (S.ChangesRequested, S.Ineligible), (S.ChangesRequested, S.Withdrawn),
        (S.Eligible, S.Audition), (S.Eligible, S.Jury), (S.Eligible, S.Withdrawn),
        (S.Audition, S.Jury), (S.Audition, S.Withdrawn),
        (S.Jury, S.Cp), (S.Jury, S.Withdrawn),
        (S.Cp, S.Granted), (S.Cp, S.Refused), (S.Cp, S.Withdrawn),
        (S.Granted, S.Started), (S.Granted, S.Withdrawn),
        (S.Started, S.BilanDue), (S.Started, S.BilanSubmitted), (S.Started, S.Withdrawn),
        (S.BilanDue, S.BilanSubmitted), (S.BilanDue, S.Withdrawn),
        (S.BilanSubmitted, S.Closed), (S.BilanSubmitted, S.BilanDue), (S.BilanSubmitted, S.Withdrawn),
    ];

    public static TheoryData<S, S> AllPairs()
    {
        var data = new TheoryData<S, S>();
        foreach (var from in Enum.GetValues<S>())
        {
            foreach (var to in Enum.GetValues<S>())
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void CanMove_EveryPair_OnlyTheAllowedMoves(S from, S to)
    {
        Assert.Equal(AllowedMoves.Contains((from, to)), DossierTransitions.CanMove(from, to));
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Ensure_EveryPair_ThrowsInvalidTransitionForForbiddenMoves(S from, S to)
    {
        var ex = Record.Exception(() => DossierTransitions.Ensure(from, to));

        if (AllowedMoves.Contains((from, to)))
        {
            Assert.Null(ex);
        }
        else
        {
            var domain = Assert.IsType<DomainException>(ex);
            Assert.Equal(ErrorCodes.InvalidTransition, domain.Code);
            Assert.Contains(from.ToFrench(), domain.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(S.Ineligible, true)]
    [InlineData(S.Refused, true)]
    [InlineData(S.Closed, true)]
    [InlineData(S.Withdrawn, true)]
    [InlineData(S.Submitted, false)]
    [InlineData(S.Granted, false)]
    [InlineData(S.BilanSubmitted, false)]
    public void IsTerminal_Status_OnlyTheEnds(S status, bool expected)
    {
        Assert.Equal(expected, DossierTransitions.IsTerminal(status));
    }

    [Fact]
    public void CanMove_WithdrawalFromEveryLiveStatus_Allowed()
    {
        foreach (var status in Enum.GetValues<S>().Where(s => !DossierTransitions.IsTerminal(s)))
        {
            Assert.True(DossierTransitions.CanMove(status, S.Withdrawn), status.ToString());
        }
    }

    [Fact]
    public void Ensure_ClosedToStarted_FrenchMessage()
    {
        var ex = Assert.Throws<DomainException>(() => DossierTransitions.Ensure(S.Closed, S.Started));

        Assert.Equal("Un dossier au statut « clos » ne peut pas passer au statut « action démarrée ».", ex.Message);
    }
}
