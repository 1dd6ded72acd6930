using Nacka.Contracts.Processes;

namespace Nacka.Processes.Domain;

/// <summary>A director post owning the process for a period (<see cref="To"/> exclusive).</summary>
public sealed record OwnerPeriod(Guid DirectorPostId, DateOnly From, DateOnly? To);

/// <summary>A unit taking part in the process, with its role, for a period.</summary>
public sealed record Participation(Guid UnitId, string Role, DateOnly From, DateOnly? To);

/// <summary>An external actor delivering within the process, for a period.</summary>
public sealed record Engagement(string Organisationsnummer, string Name, string? Delivers, string? ContractReference, DateOnly From, DateOnly? To);

/// <summary>A management-group seat (see <see cref="Seats"/> for kinds and roles), for a period.</summary>
public sealed record Seat(Guid SeatId, string Kind, string Role, Guid? DirectorPostId, Guid? UnitId, string? Organisationsnummer, string? RepresentativeName,
    DateOnly From, DateOnly? To);

/// <summary>A cross-cutting process with its owner, participating units, external actors and management group, over time.</summary>
public sealed record ProcessState(
    Guid Id, string Name, ProcessKind Kind, string? Purpose, string? Delivers, IReadOnlyList<OwnerPeriod> Owners, DateOnly EstablishedOn, DateOnly? EndedOn,
    IReadOnlyList<Participation> Units, IReadOnlyList<Engagement> Actors, IReadOnlyList<Seat> Group)
{
    public bool IsEndRecorded => EndedOn is not null;

    public string StatusOn(DateOnly date) => date < EstablishedOn ? "planned" : EndedOn is { } end && date >= end ? "ended" : "active";

    public OwnerPeriod CurrentOwner => Owners[^1];

    public Guid? OwnerOn(DateOnly date) => Owners.LastOrDefault(o => Holds(o.From, o.To, date))?.DirectorPostId;

    public IEnumerable<Participation> UnitsOn(DateOnly date) => Units.Where(u => Holds(u.From, u.To, date));

    public IEnumerable<Engagement> ActorsOn(DateOnly date) => Actors.Where(a => Holds(a.From, a.To, date));

    public IEnumerable<Seat> GroupOn(DateOnly date) => Group.Where(s => Holds(s.From, s.To, date));

    public static bool Holds(DateOnly from, DateOnly? to, DateOnly date) => from <= date && (to is null || date < to);
}

/// <summary>What Processes knows of a director post (from the Units events).</summary>
public sealed record DirectorFacts(Guid Id, string Title, DateOnly CreatedOn, string? HolderOn);

/// <summary>What Processes knows of a unit (from the Units events).</summary>
public sealed record UnitFacts(Guid Id, string Name, DateOnly EstablishedOn, DateOnly? DissolvedOn)
{
    public bool IsActiveOn(DateOnly date) => EstablishedOn <= date && (DissolvedOn is null || date < DissolvedOn);
}
