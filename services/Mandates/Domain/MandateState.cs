using Nacka.Contracts.Mandates;
using Nacka.Contracts.Units;

namespace Nacka.Mandates.Domain;

/// <summary>
/// A manager's mandate for a unit as it stands after its latest change. It holds from
/// <see cref="ValidFrom"/> through <see cref="ValidTo"/> (inclusive) and until <see cref="EndedOn"/>
/// (exclusive) once an end is recorded.
/// </summary>
public sealed record MandateState(
    Guid Id, Guid UnitId, string HolderName, string? EmployeeId, ManagerTitle Title, IReadOnlyList<MandateArea> Scope, MandateDecision Decision,
    DateOnly ValidFrom, DateOnly? ValidTo, DateOnly? EndedOn, string? EndReason, Guid? SuccessorId)
{
    public bool IsEndRecorded => EndedOn is not null;

    /// <summary>The first day it no longer holds (exclusive end of its period); null while open-ended.</summary>
    public DateOnly? HeldUntil => (ValidTo?.AddDays(1), EndedOn) switch
    {
        ({ } expires, { } ended) => expires < ended ? expires : ended,
        (var expires, var ended) => expires ?? ended,
    };

    /// <summary>Whether it holds on any day from <paramref name="from"/> up to (not including) <paramref name="until"/> (null: open-ended).</summary>
    public bool HoldsDuring(DateOnly from, DateOnly? until) => (until is null || ValidFrom < until) && (HeldUntil is null || from < HeldUntil);

    public bool HoldsOn(DateOnly date) => ValidFrom <= date && (ValidTo is null || date <= ValidTo) && (EndedOn is null || date < EndedOn);

    /// <summary>planned before its start, active while it holds, ended afterwards.</summary>
    public string StatusOn(DateOnly date) => date < ValidFrom ? "planned" : HoldsOn(date) ? "active" : "ended";

    public MandateHolder Holder => new(HolderName, EmployeeId);
}

/// <summary>What Mandates knows of a unit, from the Units events.</summary>
public sealed record UnitFacts(Guid Id, string Name, ManagerTitle ManagerTitle, DateOnly EstablishedOn, DateOnly? DissolvedOn)
{
    public bool IsActiveOn(DateOnly date) => EstablishedOn <= date && (DissolvedOn is null || date < DissolvedOn);
}

/// <summary>What Mandates knows of a committee, from the Committees events: enough to tell kommunstyrelsen on a date.</summary>
public sealed record CommitteeFacts(Guid Id, string Name, bool IsExecutiveBoard, DateOnly EstablishedOn, DateOnly? DissolvedOn)
{
    public bool IsExecutiveBoardOn(DateOnly date) => IsExecutiveBoard && EstablishedOn <= date && (DissolvedOn is null || date < DissolvedOn);
}
