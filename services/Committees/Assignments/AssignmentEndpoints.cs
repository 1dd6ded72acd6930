using Nacka.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nacka.Committees.Data;
using Nacka.Committees.Domain;
using Nacka.Records.Changes;
using Nacka.Records.Http;
using Nacka.Records.Idempotency;
using Nacka.Rules;
using Nacka.Records.Writes;

namespace Nacka.Committees.Assignments;

/// <summary>Issuing assignments and recording what happens to them.</summary>
public static class AssignmentEndpoints
{
    public static RouteGroupBuilder MapAssignmentChanges(this RouteGroupBuilder assignments)
    {
        assignments.MapPost("/", IssueAsync).WithName("IssueAssignment")
            .WithSummary("A committee gives a unit an assignment (send Idempotency-Key to retry safely)")
            .WithIdempotencyKey().ProducesWriteProblems();
        assignments.MapPost("/{id:guid}/briefing", BriefAsync).WithName("RecordAssignmentBriefing")
            .WithSummary("The responsible director records when the unit's manager was briefed").ProducesWriteProblems();
        assignments.MapPost("/{id:guid}/complete", CompleteAsync).WithName("CompleteAssignment").WithSummary("The assignment was carried out")
            .ProducesWriteProblems();
        assignments.MapPost("/{id:guid}/withdraw", WithdrawAsync).WithName("WithdrawAssignment").WithSummary("The committee withdraws the assignment")
            .ProducesWriteProblems();
        return assignments;
    }

    private static Task<Results<Created<AssignmentDto>, ProblemHttpResult, IdempotentReplay>> IssueAsync(IssueAssignmentRequest request, CommitteesDbContext db,
        TimeProvider clock, HttpContext http, CancellationToken ct) =>
        db.WriteAsync(http, async token =>
        {
            var today = clock.Today();
            var from = request.From ?? today;
            var committee = request.CommitteeId is { } committeeId ? (await db.LockCommitteeAsync(committeeId, token))?.ToState() : null;
            var unit = request.UnitId is { } unitId ? await db.LockUnitAsync(unitId, token) : null;
            var continued = request.ContinuesAssignmentId is { } continuesId
                ? (await db.Assignments.Current.SingleOrDefaultAsync(a => a.EntityId == continuesId, token))?.ToState() : null;
            var directorId = request.ResponsibleDirectorPostId ?? unit?.DirectorOn(from);
            var directors = await db.DirectorPostsAsync(directorId is { } d ? [d] : [], from, token);
            var draft = new AssignmentDraft(request.Title, request.Description, from, request.To, request.Decision?.ToDomain(),
                request.ResponsibleDirectorPostId, request.ContinuesAssignmentId);
            var first = Changes.First(http, clock, from, request);
            var issued = AssignmentRules.Issue(Guid.CreateVersion7(), draft, committee, unit?.ToFacts(), unit?.DirectorOn(from), directors, continued, first);
            if (!issued.Succeeded)
            {
                return issued.Fail<AssignmentDto>();
            }

            var row = db.Append(issued.Value!, first, current: null);
            var state = issued.Value!.State;
            var names = new AssignmentNames(committee!.Name, unit!.Name, directors.GetValueOrDefault(state.ResponsibleDirectorPostId)?.Title ?? "");
            if (AssignmentRules.BoundByEnds(state, unit.ToFacts(), committee, names, first.Next()) is { } bound)
            {
                row = db.Append(bound.Withdrawn, bound.Revision, row);
            }

            return await db.DtoAsync(row, today, token);
        }, assignment => TypedResults.Created($"/api/assignments/{assignment.Id}", assignment).WithETag(http, assignment.Version), ct);

    private static Task<Results<Ok<AssignmentDto>, ProblemHttpResult, IdempotentReplay>> BriefAsync(Guid id, RecordBriefingRequest request,
        CommitteesDbContext db,
        TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ChangeAsync(id, db, http, clock, Changes.Describe(http, clock, request.BriefedOn, request, "briefedOn"),
            (assignment, names, next) => AssignmentRules.Brief(assignment, request.Note, clock.Today(), names, next), ct);

    private static Task<Results<Ok<AssignmentDto>, ProblemHttpResult, IdempotentReplay>> CompleteAsync(Guid id, CompleteAssignmentRequest request,
        CommitteesDbContext db,
        TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ChangeAsync(id, db, http, clock, Changes.Describe(http, clock, request.CompletedOn, request, "completedOn"),
            (assignment, names, next) => AssignmentRules.Complete(assignment, clock.Today(), names, next), ct);

    private static Task<Results<Ok<AssignmentDto>, ProblemHttpResult, IdempotentReplay>> WithdrawAsync(Guid id, WithdrawAssignmentRequest request,
        CommitteesDbContext db,
        TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ChangeAsync(id, db, http, clock, Changes.Describe(http, clock, request.WithdrawnOn, request, "withdrawnOn"),
            (assignment, names, next) => AssignmentRules.Withdraw(assignment, names, next), ct);

    private static Task<Results<Ok<AssignmentDto>, ProblemHttpResult, IdempotentReplay>> ChangeAsync(Guid id, CommitteesDbContext db,
        HttpContext http, TimeProvider clock,
        ChangeInfo change, Func<AssignmentState, AssignmentNames, Revising, Outcome<Changed<AssignmentState>>> rule, CancellationToken cancellationToken) =>
        db.ChangeAsync(db.Assignments, id, "assignment", http, change, clock.GetUtcNow(), async (target, ct) =>
        {
            var state = target.Current.ToState();
            var decided = rule(state, await db.NamesAsync(state, change.ValidFrom, ct), target.Next);
            if (!decided.Succeeded)
            {
                return decided.Fail<AssignmentDto>();
            }

            var row = db.Append(decided.Value!, target.Next, target.Current);
            return await db.DtoAsync(row, change.ValidFrom, ct);
        }, assignment => assignment.Version, cancellationToken);
}
