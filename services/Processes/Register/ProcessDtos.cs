using Microsoft.EntityFrameworkCore;
using Nacka.Contracts.Processes;
using Nacka.Processes.Data;
using Nacka.Processes.Domain;
using Nacka.Records.Changes;
using Nacka.Rules;

namespace Nacka.Processes.Register;

public sealed record DirectorRefDto(Guid DirectorPostId, string? Title, string? HolderName);

public sealed record ParticipationDto(Guid UnitId, string? UnitName, string Role, DateOnly From, DateOnly? To);

public sealed record ActorDto(string Organisationsnummer, string Name, string? Delivers, string? ContractReference, DateOnly From, DateOnly? To);

/// <summary>A management-group seat, resolved to the person sitting in it on the date read.</summary>
/// <param name="SeatId">The seat's id.</param>
/// <param name="Kind">director, unit-manager or external.</param>
/// <param name="Role">chair or member.</param>
/// <param name="DirectorPostId">A director seat's post.</param>
/// <param name="UnitId">A unit-manager seat's unit.</param>
/// <param name="Organisationsnummer">An external seat's actor.</param>
/// <param name="Label">What the seat is: the post's title, the unit's name, or the actor's name.</param>
/// <param name="Person">Who sits in it that day: the post's holder, the unit's mandate holder, or the representative; null when nobody.</param>
/// <param name="From">First day.</param>
/// <param name="To">First day it no longer exists.</param>
public sealed record SeatDto(Guid SeatId, string Kind, string Role, Guid? DirectorPostId, Guid? UnitId, string? Organisationsnummer, string? Label,
    string? Person,
    DateOnly From, DateOnly? To);

/// <summary>A process as it stood on <see cref="AsOf"/>: owner, participating units, external actors and the management group resolved to people.</summary>
public sealed record ProcessDto(
    Guid Id, int Version, string Name, string Kind, string? Purpose, string? Delivers, string Status, DirectorRefDto? Owner, DateOnly EstablishedOn,
        DateOnly? EndedOn,
    IReadOnlyList<ParticipationDto> Units, IReadOnlyList<ActorDto> Actors, IReadOnlyList<SeatDto> ManagementGroup, DateOnly ValidFrom, DateOnly AsOf);

/// <summary>What a process's history shows of each version.</summary>
public sealed record ProcessSnapshot(string Name, string Kind, Guid OwnerDirectorPostId, int Units, int Actors, int Seats, DateOnly? EndedOn);

/// <summary>The names and people a page of processes shows on one date, loaded in at most three queries (none for what the page does not
/// name: a unit in no process reads an empty page without them).</summary>
public sealed class People(IReadOnlyDictionary<Guid, KnownDirectorPost> posts, IReadOnlyDictionary<Guid, string> units,
    IReadOnlyDictionary<Guid, string> managers, DateOnly on)
{
    public static async Task<People> LoadAsync(ProcessesDbContext db, IEnumerable<ProcessState> processes, DateOnly on, CancellationToken ct)
    {
        var list = processes.ToList();
        var postIds = list.SelectMany(p => p.Owners.Select(o => o.DirectorPostId)
            .Concat(p.Group.Where(s => s.DirectorPostId != null).Select(s => s.DirectorPostId!.Value))).Distinct().ToList();
        var unitIds = list.SelectMany(p => p.Units.Select(u => u.UnitId).Concat(p.Group.Where(s => s.UnitId != null).Select(s => s.UnitId!.Value)))
            .Distinct().ToList();
        var posts = postIds.Count == 0 ? []
            : await db.KnownDirectorPosts.AsNoTracking().Where(p => postIds.Contains(p.PostId)).ToDictionaryAsync(p => p.PostId, ct);
        var units = unitIds.Count == 0 ? []
            : (await db.KnownUnits.AsNoTracking().Where(u => unitIds.Contains(u.UnitId)).ToListAsync(ct)).ToDictionary(u => u.UnitId, u => u.NameOn(on));
        var mandates = unitIds.Count == 0 ? []
            : await db.KnownMandates.AsNoTracking()
                .Where(m => unitIds.Contains(m.UnitId) && m.ValidFrom <= on && (m.ValidTo == null || m.ValidTo >= on) && (m.EndedOn == null || m.EndedOn > on))
                .ToListAsync(ct);
        return new People(posts, units, mandates.GroupBy(m => m.UnitId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(m => m.ValidFrom).First().HolderName), on);
    }

    public DirectorRefDto Director(Guid id) => posts.TryGetValue(id, out var post) ? new(id, post.Title, post.HolderOn(on)) : new(id, null, null);

    public string? Unit(Guid id) => units.GetValueOrDefault(id);

    /// <summary>Who sits in <paramref name="seat"/> on the date: a new mandate for the unit changes the person, not the seat.</summary>
    public SeatDto Seat(Seat seat, ProcessState process) => seat.Kind switch
    {
        Seats.Director => new(seat.SeatId, seat.Kind, seat.Role, seat.DirectorPostId, null, null, Director(seat.DirectorPostId!.Value).Title,
            Director(seat.DirectorPostId.Value).HolderName, seat.From, seat.To),
        Seats.UnitManager => new(seat.SeatId, seat.Kind, seat.Role, null, seat.UnitId, null, Unit(seat.UnitId!.Value),
            managers.GetValueOrDefault(seat.UnitId.Value), seat.From, seat.To),
        _ => new(seat.SeatId, seat.Kind, seat.Role, null, null, seat.Organisationsnummer,
            process.Actors.LastOrDefault(a => a.Organisationsnummer == seat.Organisationsnummer)?.Name, seat.RepresentativeName, seat.From, seat.To),
    };

    /// <summary>One process as the answer, its state parsed once for both the names it needs and the answer.</summary>
    public static async Task<ProcessDto> DtoAsync(ProcessesDbContext db, ProcessRecord record, DateOnly asOf, CancellationToken ct)
    {
        var process = record.ToState();
        return (await LoadAsync(db, [process], asOf, ct)).Dto(record, process, asOf);
    }

    /// <summary><paramref name="record"/> as the answer, with <paramref name="process"/> its state already parsed.</summary>
    public ProcessDto Dto(ProcessRecord record, ProcessState process, DateOnly asOf)
    {
        var owner = process.OwnerOn(asOf) ?? process.Owners[0].DirectorPostId;
        return new ProcessDto(process.Id, record.Version, process.Name, process.Kind.ToString().ToLowerInvariant(), process.Purpose, process.Delivers,
            process.StatusOn(asOf),
            Director(owner), process.EstablishedOn, process.EndedOn,
            [.. process.UnitsOn(asOf).Select(u => new ParticipationDto(u.UnitId, Unit(u.UnitId), u.Role, u.From, u.To))],
            [.. process.ActorsOn(asOf).Select(a => new ActorDto(a.Organisationsnummer, a.Name, a.Delivers, a.ContractReference, a.From, a.To))],
            [.. process.GroupOn(asOf).OrderBy(s => s.Role == Seats.Chair ? 0 : 1).ThenBy(s => s.From).Select(s => Seat(s, process))],
            record.ValidFrom, asOf);
    }
}

/// <summary>Establishes a process.</summary>
/// <param name="Name">Unique among processes that have not ended, e.g. Utbildningsprocessen.</param>
/// <param name="Kind">main, steering or support.</param>
/// <param name="Purpose">Its purpose, in the words residents would read.</param>
/// <param name="Delivers">What it delivers.</param>
/// <param name="OwnerDirectorPostId">The owning director post (held on the start day); its seat is the group's chair.</param>
/// <param name="EstablishedOn">First day; default today.</param>
public sealed record CreateProcessRequest(string? Name, string? Kind, string? Purpose, string? Delivers, Guid? OwnerDirectorPostId, DateOnly? EstablishedOn,
    string? Reason, DecisionDto? Decision) : IDecidedChangeRequest;

public sealed record UpdateProcessDetailsRequest(string? Name, string? Kind, string? Purpose, string? Delivers, DateOnly? ValidFrom, string? Reason,
    DecisionDto? Decision) : IDecidedChangeRequest;

public sealed record ChangeOwnerRequest(Guid? DirectorPostId, DateOnly? ValidFrom, string? Reason, DecisionDto? Decision) : IDecidedChangeRequest;

public sealed record EndProcessRequest(DateOnly? EndedOn, string? Reason, DecisionDto? Decision) : IDecidedChangeRequest;

/// <param name="UnitId">The unit (active on <paramref name="From"/>).</param>
/// <param name="Role">What it does in the process, e.g. "utför grundskoleutbildning".</param>
/// <param name="From">First day; default today.</param>
public sealed record JoinProcessRequest(Guid? UnitId, string? Role, DateOnly? From, string? Reason, DecisionDto? Decision) : IDecidedChangeRequest;

/// <param name="To">First day it no longer takes part; default today.</param>
public sealed record LeaveRequest(DateOnly? To, string? Reason, DecisionDto? Decision) : IDecidedChangeRequest;

/// <param name="Organisationsnummer">The actor's organisationsnummer (NNNNNN-NNNN, Luhn): its identity across processes.</param>
/// <param name="Name">The actor's name.</param>
/// <param name="Delivers">What it delivers on the municipality's behalf.</param>
/// <param name="ContractReference">The contract, e.g. a case number.</param>
/// <param name="From">First day; default today.</param>
public sealed record EngageActorRequest(string? Organisationsnummer, string? Name, string? Delivers, string? ContractReference,
    DateOnly? From, string? Reason, DecisionDto? Decision) : IDecidedChangeRequest;

/// <param name="Kind">director, unit-manager (whoever holds the unit's mandate sits in it) or external.</param>
/// <param name="DirectorPostId">For a director seat.</param>
/// <param name="UnitId">For a unit-manager seat.</param>
/// <param name="Organisationsnummer">For an external seat: an actor engaged in the process.</param>
/// <param name="RepresentativeName">For an external seat: the person representing it.</param>
/// <param name="From">First day; default today.</param>
public sealed record AddSeatRequest(string? Kind, Guid? DirectorPostId, Guid? UnitId, string? Organisationsnummer, string? RepresentativeName, DateOnly? From,
    string? Reason, DecisionDto? Decision) : IDecidedChangeRequest;
