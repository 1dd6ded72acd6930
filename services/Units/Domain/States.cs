using Nacka.Contracts.Units;

namespace Nacka.Units.Domain;

public enum UnitStatus
{
    Planned,
    Active,
    Dissolved,
}

public sealed record Address(string Street, string PostalCode, string City);

public sealed record Contact(string? Phone, string? Email, string? Web);

/// <summary>A board decision behind a change: body (e.g. KS), date, paragraph and case number.</summary>
public sealed record Decision(string Body, DateOnly Date, string? Paragraph, string? CaseNumber);

/// <summary>Why a change was made and when it holds in the world.</summary>
public sealed record ChangeInfo(DateOnly ValidFrom, string? Reason, Decision? Decision, string? RecordedBy);

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
}

/// <summary>Someone holding a director post from a date, until a date (exclusive) or still.</summary>
public sealed record DirectorHolding(string Name, DateOnly From, DateOnly? To)
{
    public bool HoldsOn(DateOnly date) => From <= date && (To is null || date < To);
}

/// <summary>A top-management post (direktör) and who held it over time.</summary>
public sealed record DirectorPostState(Guid Id, string Title, DateOnly CreatedOn, DateOnly? EndedOn, IReadOnlyList<DirectorHolding> Holders)
{
    public bool IsOpenOn(DateOnly date) => CreatedOn <= date && (EndedOn is null || date < EndedOn);

    public DirectorHolding? HolderOn(DateOnly date) => Holders.LastOrDefault(h => h.HoldsOn(date));

    public DirectorHolding? CurrentHolding => Holders.LastOrDefault(h => h.To is null);
}
