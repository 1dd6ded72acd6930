using Nacka.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nacka.Processes.Data;
using Nacka.Processes.Domain;
using Nacka.Records.Changes;
using Nacka.Records.Http;
using Nacka.Records.Idempotency;
using Nacka.Rules;
using Nacka.Records.Writes;

namespace Nacka.Processes.Register;

/// <summary>Establishing a process and changing it: details, owner, participating units, external actors and management-group seats.</summary>
public static class ProcessEndpoints
{
    public static RouteGroupBuilder MapProcessChanges(this RouteGroupBuilder processes)
    {
        processes.MapPost("/", CreateAsync).WithName("CreateProcess")
            .WithSummary("Establish a process owned by a director (send Idempotency-Key to retry safely)")
            .WithIdempotencyKey().ProducesWriteProblems();
        processes.MapPut("/{id:guid}/details", ChangeDetailsAsync).WithName("UpdateProcessDetails")
            .WithSummary("Replace a process's name, kind, purpose and deliverables (If-Match)")
            .ProducesWriteProblems();
        processes.MapPost("/{id:guid}/owner", ChangeOwnerAsync).WithName("ChangeProcessOwner")
            .WithSummary("Another director owns the process from a date; the chair moves").ProducesWriteProblems();
        processes.MapPost("/{id:guid}/end", EndAsync).WithName("EndProcess").WithSummary("End a process from a date").ProducesWriteProblems();
        processes.MapPost("/{id:guid}/units", JoinAsync).WithName("AddProcessUnit").WithSummary("A unit takes part in the process from a date")
            .ProducesWriteProblems();
        processes.MapPost("/{id:guid}/units/{unitId:guid}/leave", LeaveAsync).WithName("EndProcessUnit").WithSummary("A unit no longer takes part from a date")
            .ProducesWriteProblems();
        processes.MapPost("/{id:guid}/actors", EngageAsync).WithName("EngageExternalActor")
            .WithSummary("An external actor delivers within the process from a date")
            .ProducesWriteProblems();
        processes.MapPost("/{id:guid}/actors/{organisationsnummer}/disengage", DisengageAsync).WithName("DisengageExternalActor")
            .WithSummary("An external actor no longer takes part; its representatives' seats end").ProducesWriteProblems();
        processes.MapPost("/{id:guid}/seats", AddSeatAsync).WithName("AddManagementGroupSeat").WithSummary("Add a seat to the management group")
            .ProducesWriteProblems();
        processes.MapPost("/{id:guid}/seats/{seatId:guid}/end", EndSeatAsync).WithName("EndManagementGroupSeat")
            .WithSummary("End a member seat (the chair follows the owner)").ProducesWriteProblems();
        return processes;
    }

    private static Task<Results<Created<ProcessDto>, ProblemHttpResult, IdempotentReplay>> CreateAsync(CreateProcessRequest request, ProcessesDbContext db,
        TimeProvider clock, HttpContext http, CancellationToken ct) =>
        db.WriteAsync(http, async token =>
        {
            var today = clock.Today();
            var establishedOn = request.EstablishedOn ?? today;
            var names = await db.NamesAsync(request.OwnerDirectorPostId is { } owner ? [owner] : [], [], establishedOn, token);
            var draft = new ProcessDraft(request.Name, request.Kind, request.Purpose, request.Delivers, request.OwnerDirectorPostId, establishedOn);
            var steps = ProcessLife.Establish(Guid.CreateVersion7(), draft, names, Changes.First(http, clock, establishedOn, request));
            if (!steps.Succeeded)
            {
                return steps.Fail<ProcessDto>();
            }

            var row = db.Append(steps.Value!, current: null);
            return await People.DtoAsync(db, row, today, token);
        }, process => TypedResults.Created($"/api/processes/{process.Id}", process).WithETag(http, process.Version), ct);

    private static Task<Results<Ok<ProcessDto>, ProblemHttpResult, IdempotentReplay>> ChangeDetailsAsync(Guid id, UpdateProcessDetailsRequest request,
        ProcessesDbContext db,
        TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ChangeAsync(id, db, http, clock, Changes.Describe(http, clock, request.ValidFrom, request),
            (process, next, _) => Task.FromResult(ProcessLife.ChangeDetails(process, request.Name, request.Kind, request.Purpose, request.Delivers, next)), ct);

    private static Task<Results<Ok<ProcessDto>, ProblemHttpResult, IdempotentReplay>> ChangeOwnerAsync(Guid id, ChangeOwnerRequest request,
        ProcessesDbContext db,
        TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ChangeAsync(id, db, http, clock, Changes.Describe(http, clock, request.ValidFrom, request), async (process, next, token) =>
            ProcessLife.ChangeOwner(process, request.DirectorPostId,
                await db.NamesForAsync(process, next.Change.ValidFrom, token, request.DirectorPostId is { } p ? [p] : null), next), ct);

    private static Task<Results<Ok<ProcessDto>, ProblemHttpResult, IdempotentReplay>> EndAsync(Guid id, EndProcessRequest request, ProcessesDbContext db,
        TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ChangeAsync(id, db, http, clock, Changes.Describe(http, clock, request.EndedOn, request, "endedOn"), (process, next, _) =>
            Task.FromResult(ProcessLife.End(process, next)), ct);

    private static Task<Results<Ok<ProcessDto>, ProblemHttpResult, IdempotentReplay>> JoinAsync(Guid id, JoinProcessRequest request, ProcessesDbContext db,
        TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ChangeAsync(id, db, http, clock, Changes.Describe(http, clock, request.From, request, "from"), async (process, next, token) =>
        {
            var unit = request.UnitId is { } unitId ? (await db.LockUnitAsync(unitId, token))?.ToFacts(next.Change.ValidFrom) : null;
            return ProcessParticipation.JoinUnit(process, unit, request.UnitId, request.Role, next);
        }, ct);

    private static Task<Results<Ok<ProcessDto>, ProblemHttpResult, IdempotentReplay>> LeaveAsync(Guid id, Guid unitId, LeaveRequest request,
        ProcessesDbContext db,
        TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ChangeAsync(id, db, http, clock, Changes.Describe(http, clock, request.To, request, "to"), async (process, next, token) =>
            ProcessParticipation.LeaveUnit(process, unitId, await db.NamesForAsync(process, next.Change.ValidFrom, token), next), ct);

    private static Task<Results<Ok<ProcessDto>, ProblemHttpResult, IdempotentReplay>> EngageAsync(Guid id, EngageActorRequest request, ProcessesDbContext db,
        TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ChangeAsync(id, db, http, clock, Changes.Describe(http, clock, request.From, request, "from"), (process, next, _) =>
            Task.FromResult(ProcessParticipation.EngageActor(process, request.Organisationsnummer, request.Name, request.Delivers,
                request.ContractReference, next)), ct);

    private static Task<Results<Ok<ProcessDto>, ProblemHttpResult, IdempotentReplay>> DisengageAsync(Guid id, string organisationsnummer,
        LeaveRequest request, ProcessesDbContext db,
        TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ChangeAsync(id, db, http, clock, Changes.Describe(http, clock, request.To, request, "to"), async (process, next, token) =>
            ProcessParticipation.DisengageActor(process, organisationsnummer, await db.NamesForAsync(process, next.Change.ValidFrom, token), next), ct);

    private static Task<Results<Ok<ProcessDto>, ProblemHttpResult, IdempotentReplay>> AddSeatAsync(Guid id, AddSeatRequest request, ProcessesDbContext db,
        TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ChangeAsync(id, db, http, clock, Changes.Describe(http, clock, request.From, request, "from"), async (process, next, token) =>
        {
            var unit = request.UnitId is { } unitId ? (await db.LockUnitAsync(unitId, token))?.ToFacts(next.Change.ValidFrom) : null;
            var names = await db.NamesForAsync(process, next.Change.ValidFrom, token, request.DirectorPostId is { } p ? [p] : null,
                request.UnitId is { } u ? [u] : null);
            var draft = new SeatDraft(request.Kind, request.DirectorPostId, request.UnitId, request.Organisationsnummer, request.RepresentativeName);
            return ManagementGroup.AddMemberSeat(process, draft, unit, names, next);
        }, ct);

    private static Task<Results<Ok<ProcessDto>, ProblemHttpResult, IdempotentReplay>> EndSeatAsync(Guid id, Guid seatId, LeaveRequest request,
        ProcessesDbContext db,
        TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ChangeAsync(id, db, http, clock, Changes.Describe(http, clock, request.To, request, "to"), async (process, next, token) =>
            ManagementGroup.EndMemberSeat(process, seatId, await db.NamesForAsync(process, next.Change.ValidFrom, token), next), ct);

    private static Task<Results<Ok<ProcessDto>, ProblemHttpResult, IdempotentReplay>> ChangeAsync(Guid id, ProcessesDbContext db, HttpContext http,
        TimeProvider clock,
        ChangeInfo change, Func<ProcessState, Revising, CancellationToken, Task<Outcome<ProcessSteps>>> rule, CancellationToken cancellationToken) =>
        db.ChangeAsync(db.Processes, id, "process", http, change, clock.GetUtcNow(), async (target, ct) =>
        {
            // An end closes everything in the process: once one is recorded, whatever its date, the process can only be read.
            if (ProcessLife.CheckChangeable(target.Latest.ToState(), target.Next) is { } ended)
            {
                return ended;
            }

            var decided = await rule(target.Current.ToState(), target.Next, ct);
            if (!decided.Succeeded)
            {
                return decided.Fail<ProcessDto>();
            }

            var row = db.Append(decided.Value!, target.Current);
            return await People.DtoAsync(db, row, change.ValidFrom, ct);
        }, process => process.Version, cancellationToken);
}
