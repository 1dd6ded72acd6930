using Nacka.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nacka.Contracts.Processes;
using Nacka.Processes.Data;
using Nacka.Processes.Domain;
using Nacka.Records.Changes;
using Nacka.Records.Http;
using Nacka.Rules.Identifiers;
using Nacka.Records.Paging;
using Nacka.Records.Revisions;
using Nacka.Rules;

namespace Nacka.Processes.Register;

/// <summary>One seat someone sits in: the process, the seat, and the person on the date read.</summary>
public sealed record GroupSeatDto(Guid ProcessId, string ProcessName, SeatDto Seat);

/// <summary>Reading processes: public records, every read accepting <c>?asOf=YYYY-MM-DD</c> (default today in Nacka).</summary>
public static class ProcessQueries
{
    private static readonly string[] Statuses = ["planned", "active", "ended", "all"];

    public static RouteGroupBuilder MapProcessQueries(this RouteGroupBuilder processes)
    {
        processes.MapGet("/", ListAsync).WithName("ListProcesses").WithSummary("Processes as of a date, filtered and paginated")
            .WithDescription("Filters: kind (main, steering, support), owner (a director post), unitId (the processes a unit takes part in), "
                + "actor (an external actor's organisationsnummer), q (name), status (planned, active, ended or all; default planned and active). "
                    + "Ordered by name.");
        processes.MapGet("/groups", GroupsAsync).WithName("ListManagementGroupSeats")
            .WithSummary("The management groups a director (directorPostId) or a unit's manager (unitId) sits in, resolved to names on a date");
        processes.MapGet("/{id:guid}", GetAsync).WithName("GetProcess")
            .WithSummary("A process with its owner, units, actors and whole group resolved to people on a date");
        processes.MapGet("/{id:guid}/history", HistoryAsync).WithName("GetProcessHistory")
            .WithSummary("Every change of a process: what, from when, by whom, why");
        return processes;
    }

    private static async Task<Results<Ok<PagedList<ProcessDto>>, ProblemHttpResult>> ListAsync(ProcessesDbContext db, TimeProvider clock,
        DateOnly? asOf, DateTimeOffset? knownAt,
        string? kind, Guid? owner, Guid? unitId, string? actor, string? q, string? status, int? page, int? pageSize, CancellationToken ct)
    {
        var date = asOf ?? clock.Today();
        var paging = Paging.From(page, pageSize);
        var chosen = Choices.Parse(status, "planned,active", Statuses);
        var errors = paging.Errors.Concat(chosen.Errors).ToList();
        var parsedKind = kind is null ? null : ProcessLife.ParseKind(kind);
        errors.AddRange(parsedKind?.Errors ?? []);
        var (orgnr, actorError) = actor is null ? (null, null) : Identifiers.CheckOrganisationsnummer(actor);
        if (actorError is not null)
        {
            errors.Add(DomainError.Invalid("actor", actorError));
        }

        errors.AddRange(NameSearch.Check(q));

        if (errors.Count > 0)
        {
            return Problems.For(errors);
        }

        var query = db.Processes.AsOf(date, knownAt);
        if (parsedKind is { Value: var k })
        {
            var name = k.ToString();
            query = query.Where(p => p.Kind == name);
        }

        query = string.IsNullOrWhiteSpace(q) ? query : query.Where(NameSearch.Matching<ProcessRevision>(q, p => p.Name));
        // Nacka has tens of processes: the rest is decided on their state, in memory.
        var rows = (await query.OrderBy(p => p.Name).ThenBy(p => p.EntityId).ToListAsync(ct)).Select(r => (Row: r, State: r.ToState()))
            .Where(p => chosen.Value!.Contains("all") || chosen.Value!.Contains(p.State.StatusOn(date)))
            .Where(p => owner is null || p.State.OwnerOn(date) == owner)
            .Where(p => unitId is null || p.State.UnitsOn(date).Any(u => u.UnitId == unitId))
            .Where(p => orgnr is null || p.State.ActorsOn(date).Any(a => a.Organisationsnummer == orgnr))
            .ToList();
        var shown = rows.Skip(paging.Value!.Skip).Take(paging.Value.PageSize).ToList();
        var people = await People.LoadAsync(db, shown.Select(p => p.State), date, ct);
        return TypedResults.Ok(new PagedList<ProcessDto>([.. shown.Select(p => people.Dto(p.Row, p.State, date))], paging.Value.Page, paging.Value.PageSize,
            rows.Count));
    }

    private static Task<Results<Ok<ProcessDto>, ProblemHttpResult>> GetAsync(Guid id, ProcessesDbContext db, TimeProvider clock, HttpContext http,
        DateOnly? asOf,
        DateTimeOffset? knownAt, CancellationToken ct)
    {
        var date = asOf ?? clock.Today();
        return db.Processes.ReadOneAsync(id, "process", date, knownAt, http, row => People.DtoAsync(db, row, date, ct), ct);
    }

    private static async Task<Results<Ok<List<HistoryEntry<ProcessSnapshot>>>, ProblemHttpResult>> HistoryAsync(Guid id, ProcessesDbContext db,
        CancellationToken ct)
    {
        var rows = await db.Processes.HistoryAsync(id, ct);
        return rows.Count == 0
            ? Problems.NotFound("process", id)
            : TypedResults.Ok(rows.Select(r =>
            {
                var s = r.ToState();
                return HistoryEntry<ProcessSnapshot>.From(r, new ProcessSnapshot(s.Name, r.Kind.ToLowerInvariant(), s.CurrentOwner.DirectorPostId,
                    s.Units.Count(u => u.To is null), s.Actors.Count(a => a.To is null), s.Group.Count(g => g.To is null), s.EndedOn));
            }).ToList());
    }

    private static async Task<Results<Ok<List<GroupSeatDto>>, ProblemHttpResult>> GroupsAsync(ProcessesDbContext db, TimeProvider clock,
        Guid? directorPostId, Guid? unitId,
        DateOnly? asOf, CancellationToken ct)
    {
        if ((directorPostId is null) == (unitId is null))
        {
            return Problems.For(DomainError.Invalid("directorPostId",
                "Give either directorPostId (a director's seats) or unitId (the seats of the unit's manager)."));
        }

        var date = asOf ?? clock.Today();
        var processes = (await db.Processes.AsOf(date).ToListAsync(ct)).Select(r => r.ToState()).ToList();
        var seats = processes.SelectMany(p => p.GroupOn(date).Where(s => directorPostId is { } post
                ? s.Kind == Seats.Director && s.DirectorPostId == post
                : s.Kind == Seats.UnitManager && s.UnitId == unitId).Select(s => (Process: p, Seat: s)))
            .OrderBy(x => x.Process.Name, StringComparer.Ordinal).ToList();
        var people = await People.LoadAsync(db, seats.Select(s => s.Process), date, ct);
        return TypedResults.Ok(seats.Select(s => new GroupSeatDto(s.Process.Id, s.Process.Name, people.Seat(s.Seat, s.Process))).ToList());
    }
}
