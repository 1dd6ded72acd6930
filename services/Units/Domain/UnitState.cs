using Nacka.Contracts.Units;

namespace Nacka.Units.Domain;

/// <summary>A unit (enhet) as it stands after one change. Belongs to no committee and no process.</summary>
public sealed record UnitState(
    Guid Id,
    string Name,
    string? EnglishName,
    string? ShortName,
    string Kind,
    ManagerTitle ManagerTitle,
    Guid DirectorPostId,
    DateOnly EstablishedOn,
    DateOnly? DissolvedOn,
    IReadOnlyList<UnitIdentifier> Identifiers,
    Address? VisitingAddress,
    Contact? Contact,
    IReadOnlyList<Guid> PredecessorIds,
    IReadOnlyList<Guid> SuccessorIds)
{
    /// <summary>Planned before its establishment date, dissolved from its dissolution date, else active.</summary>
    public UnitStatus StatusOn(DateOnly date) =>
        date < EstablishedOn ? UnitStatus.Planned
        : DissolvedOn is { } dissolved && date >= dissolved ? UnitStatus.Dissolved
        : UnitStatus.Active;

    /// <summary>A dissolution has been recorded (perhaps effective later): the unit only changes by being read.</summary>
    public bool IsDissolutionRecorded => DissolvedOn is not null;

    public UnitReference Reference => new(Id, Name);
}
