using Nacka.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nacka.Committees.Data;
using Nacka.Committees.Domain;
using Nacka.Contracts.Committees;
using Nacka.Records.Changes;
using Nacka.Records.Http;
using Nacka.Records.Idempotency;
using Nacka.Records.Paging;
using Nacka.Records.Revisions;
using Nacka.Rules;
using Nacka.Records.Writes;

namespace Nacka.Committees.CommitteeRegister;

/// <summary>Committees (nämnder) and kommunstyrelsen under <c>/api/committees</c>.</summary>
public static class CommitteeEndpoints
{
    private static readonly string[] Statuses = ["planned", "active", "dissolved", "all"];

    public static RouteGroupBuilder MapCommittees(this RouteGroupBuilder committees)
    {
        committees.MapGet("/", ListAsync).WithName("ListCommittees").WithSummary("Committees as of a date, filtered and paginated")
            .WithDescription("kind: ExecutiveBoard or Committee. status: planned, active, dissolved or all (default planned and active). q searches "
                + "names. Ordered by name.");
        committees.MapGet("/executive-board", ExecutiveBoardAsync).WithName("GetExecutiveBoard").WithSummary("Kommunstyrelsen as of a date");
        committees.MapGet("/{id:guid}", GetAsync).WithName("GetCommittee").WithSummary("A committee as of a date (default today); ETag is its version");
        committees.MapGet("/{id:guid}/history", HistoryAsync).WithName("GetCommitteeHistory")
            .WithSummary("Every change of a committee: what, from when, by whom, why");
        committees.MapPost("/", CreateAsync).WithName("CreateCommittee").WithSummary("Establish a committee (send Idempotency-Key to retry safely)")
            .WithIdempotencyKey().ProducesWriteProblems();
        committees.MapPut("/{id:guid}/details", ChangeDetailsAsync).WithName("UpdateCommitteeDetails")
            .WithSummary("Replace a committee's name and area (If-Match)")
            .ProducesWriteProblems();
        committees.MapPut("/{id:guid}/link-directors", ChangeLinkDirectorsAsync).WithName("ChangeCommitteeLinkDirectors")
            .WithSummary("Link the committee to exactly these director posts from a date").ProducesWriteProblems();
        committees.MapPost("/{id:guid}/dissolve", DissolveAsync).WithName("DissolveCommittee").WithSummary("Dissolve a committee from a date")
            .ProducesWriteProblems();
        return committees;
    }

    private static async Task<Results<Ok<PagedList<CommitteeDto>>, ProblemHttpResult>> ListAsync(CommitteesDbContext db, TimeProvider clock,
        DateOnly? asOf, DateTimeOffset? knownAt, string? kind, string? status, string? q, int? page, int? pageSize, CancellationToken ct)
    {
        var date = asOf ?? clock.Today();
        var paging = Paging.From(page, pageSize);
        var errors = paging.Errors.ToList();
        var chosen = Choices.Parse(status, "planned,active", Statuses);
        errors.AddRange(chosen.Errors);
        var statuses = chosen.Value ?? new HashSet<string>();

        var parsedKind = kind is null ? null : CommitteeRules.ParseKind(kind);
        errors.AddRange(parsedKind?.Errors ?? []);
        errors.AddRange(NameSearch.Check(q));

        if (errors.Count > 0)
        {
            return Problems.For(errors);
        }

        var query = db.Committees.AsOf(date, knownAt);
        if (parsedKind is { Value: var wantedKind })
        {
            var kindName = wantedKind.ToString();
            query = query.Where(c => c.Kind == kindName);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            query = query.Where(NameSearch.Matching<CommitteeRevision>(q, c => c.Name));
        }

        if (!statuses.Contains("all"))
        {
            var (planned, active, dissolved) = (statuses.Contains("planned"), statuses.Contains("active"), statuses.Contains("dissolved"));
            query = query.Where(c =>
                (planned && c.EstablishedOn > date)
                || (active && c.EstablishedOn <= date && (c.DissolvedOn == null || c.DissolvedOn > date))
                || (dissolved && c.DissolvedOn != null && c.DissolvedOn <= date));
        }

        var (rows, total) = await paging.Value!.ReadAsync(query.OrderBy(c => c.Name).ThenBy(c => c.EntityId), ct);
        var directors = await db.DirectorPostsAsync(rows.SelectMany(r => r.ToState().Links.Select(l => l.DirectorPostId)), date, ct);
        return TypedResults.Ok(new PagedList<CommitteeDto>([.. rows.Select(r => CommitteeDto.From(r, directors, date))], paging.Value.Page,
            paging.Value.PageSize, total));
    }

    private static Task<Results<Ok<CommitteeDto>, ProblemHttpResult>> GetAsync(Guid id, CommitteesDbContext db, TimeProvider clock, HttpContext http,
        DateOnly? asOf,
        DateTimeOffset? knownAt, CancellationToken ct)
    {
        var date = asOf ?? clock.Today();
        return db.Committees.ReadOneAsync(id, "committee", date, knownAt, http, row => AnswerAsync(db, row, date, ct), ct);
    }

    private static async Task<Results<Ok<CommitteeDto>, ProblemHttpResult>> ExecutiveBoardAsync(CommitteesDbContext db, TimeProvider clock,
        HttpContext http, DateOnly? asOf, CancellationToken ct)
    {
        var date = asOf ?? clock.Today();
        var board = CommitteeKind.ExecutiveBoard.ToString();
        var row = await db.Committees.AsOf(date)
            .Where(c => c.Kind == board && c.EstablishedOn <= date && (c.DissolvedOn == null || c.DissolvedOn > date)).FirstOrDefaultAsync(ct);
        return row is null
            ? TypedResults.Problem($"No executive board (kommunstyrelsen) is recorded as active on {date:yyyy-MM-dd}.",
                statusCode: StatusCodes.Status404NotFound, title: "Not found")
            : TypedResults.Ok(await AnswerAsync(db, row, date, ct)).WithETag(http, row.Version);
    }

    private static async Task<Results<Ok<List<HistoryEntry<CommitteeSnapshot>>>, ProblemHttpResult>> HistoryAsync(Guid id, CommitteesDbContext db,
        CancellationToken ct)
    {
        var rows = await db.Committees.HistoryAsync(id, ct);
        return rows.Count == 0
            ? Problems.NotFound("committee", id)
            : TypedResults.Ok(rows.Select(r =>
            {
                var state = r.ToState();
                return HistoryEntry<CommitteeSnapshot>.From(r, new CommitteeSnapshot(state.Name, r.Kind, state.Area,
                    [.. state.LinksOn(r.ValidFrom).Select(l => l.DirectorPostId)], state.DissolvedOn));
            }).ToList());
    }

    private static Task<Results<Created<CommitteeDto>, ProblemHttpResult, IdempotentReplay>> CreateAsync(CreateCommitteeRequest request, CommitteesDbContext db,
        TimeProvider clock, HttpContext http, CancellationToken ct) =>
        db.WriteAsync(http, async token =>
        {
            var today = clock.Today();
            var establishedOn = request.EstablishedOn ?? today;
            var directors = await db.DirectorPostsAsync(request.LinkDirectorPostIds ?? [], establishedOn, token);
            var first = Changes.First(http, clock, establishedOn, request);
            var established = CommitteeRules.Establish(Guid.CreateVersion7(), request.Name, request.Kind, request.Area, request.LinkDirectorPostIds, directors,
                establishedOn, first);
            if (!established.Succeeded)
            {
                return established.Fail<CommitteeDto>();
            }

            // One executive board on any day, and names, are held by the database (CommitteesDbContext.ExecutiveBoardDays, NameDays).
            var row = db.Append(established.Value!, first, current: null);
            return CommitteeDto.From(row, directors, today);
        }, committee => TypedResults.Created($"/api/committees/{committee.Id}", committee).WithETag(http, 1), ct);

    private static Task<Results<Ok<CommitteeDto>, ProblemHttpResult, IdempotentReplay>> ChangeDetailsAsync(Guid id,
        UpdateCommitteeDetailsRequest request, CommitteesDbContext db,
        TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ChangeAsync(id, db, http, clock, Changes.Describe(http, clock, request.ValidFrom, request),
            (committee, next, _) => Task.FromResult(CommitteeRules.ChangeDetails(committee, request.Name, request.Area, next)), ct);

    private static Task<Results<Ok<CommitteeDto>, ProblemHttpResult, IdempotentReplay>> ChangeLinkDirectorsAsync(Guid id,
        ChangeLinkDirectorsRequest request, CommitteesDbContext db,
        TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ChangeAsync(id, db, http, clock, Changes.Describe(http, clock, request.ValidFrom, request), async (committee, next, token) =>
        {
            var directors = await db.DirectorPostsAsync([.. request.LinkDirectorPostIds ?? [], .. committee.Links.Select(l => l.DirectorPostId)],
                next.Change.ValidFrom, token);
            return CommitteeRules.ChangeLinkDirectors(committee, request.LinkDirectorPostIds, directors, next);
        }, ct);

    private static Task<Results<Ok<CommitteeDto>, ProblemHttpResult, IdempotentReplay>> DissolveAsync(Guid id, DissolveCommitteeRequest request,
        CommitteesDbContext db,
        TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ChangeAsync(id, db, http, clock, Changes.Describe(http, clock, request.DissolvedOn, request, "dissolvedOn"), async (committee, next, token) =>
        {
            var dissolved = CommitteeRules.Dissolve(committee, next);
            if (dissolved.Succeeded)
            {
                // Lock before looking: an assignment being issued holds the row shared until it commits, so it is seen and withdrawn.
                await db.LockCommitteeForUpdateAsync(id, token);
                await db.WithdrawOnEndAsync(a => a.CommitteeId == id, next.Change.ValidFrom, AssignmentState.CommitteeDissolvedReason, [],
                    next.Change.RecordedBy ?? "", next.At, token);
            }

            return dissolved;
        }, ct);

    private static Task<Results<Ok<CommitteeDto>, ProblemHttpResult, IdempotentReplay>> ChangeAsync(Guid id, CommitteesDbContext db, HttpContext http,
        TimeProvider clock,
        ChangeInfo change, Func<CommitteeState, Revising, CancellationToken, Task<Outcome<Changed<CommitteeState>>>> rule,
            CancellationToken cancellationToken) =>
        db.ChangeAsync(db.Committees, id, "committee", http, change, clock.GetUtcNow(), async (target, ct) =>
        {
            // A dissolution ends every link: once one is recorded, whatever its date, the committee can only be read.
            if (CommitteeRules.CheckChangeable(target.Latest.ToState(), target.Next, requireWhy: false) is { } dissolved)
            {
                return dissolved;
            }

            var decided = await rule(target.Current.ToState(), target.Next, ct);
            if (!decided.Succeeded)
            {
                return decided.Fail<CommitteeDto>();
            }

            var row = db.Append(decided.Value!, target.Next, target.Current);
            return await AnswerAsync(db, row, change.ValidFrom, ct);
        }, committee => committee.Version, cancellationToken);

    private static async Task<CommitteeDto> AnswerAsync(CommitteesDbContext db, CommitteeRecord row, DateOnly asOf, CancellationToken ct) =>
        CommitteeDto.From(row, await db.DirectorPostsAsync(row.ToState().Links.Select(l => l.DirectorPostId), asOf, ct), asOf);
}
