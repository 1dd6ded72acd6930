using Nacka.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nacka.Records.Changes;
using Nacka.Records.Http;
using Nacka.Records.Idempotency;
using Nacka.Records.Revisions;
using Nacka.Rules;
using Nacka.Records.Writes;
using Nacka.Units.Data;
using Nacka.Units.Domain;
using Nacka.Units.Managers;
using Nacka.Units.Queries;

namespace Nacka.Units.Directors;

/// <summary>Director posts of stadsledningskontoret and who holds them: <c>/api/directors</c>.</summary>
public static class DirectorEndpoints
{
    public static IEndpointRouteBuilder MapDirectorsApi(this IEndpointRouteBuilder app)
    {
        var directors = app.MapGroup("/api/directors").WithTags("Directors").ValidateChangeRequests().TakeMomentsInUtc()
            .RequireRoleForWrites(NackaRoles.Registrar);
        directors.MapGet("/", ListAsync).WithName("ListDirectorPosts").WithSummary("Director posts as of a date");
        directors.MapGet("/{id:guid}", GetAsync).WithName("GetDirectorPost").WithSummary("A director post and its holder as of a date");
        directors.MapGet("/{id:guid}/history", HistoryAsync).WithName("GetDirectorPostHistory").WithSummary("Every change of a director post: when, who, why");
        directors.MapGet("/{id:guid}/units", UnitsAsync).WithName("GetDirectorUnits").WithSummary("The units whose managers report to this director on a date");
        directors.MapPost("/", CreateAsync).WithName("CreateDirectorPost")
            .WithSummary("Create a director post (vacant until appointed; send Idempotency-Key to retry safely)")
            .WithIdempotencyKey().ProducesWriteProblems();
        directors.MapPost("/{id:guid}/appointments", AppointAsync).WithName("AppointDirector").WithSummary("Appoint a person to the post from a date")
            .ProducesWriteProblems();
        directors.MapPost("/{id:guid}/vacate", VacateAsync).WithName("VacateDirectorPost")
            .WithSummary("The holder leaves: the post is vacant from a date").ProducesWriteProblems();
        return app;
    }

    private static async Task<Ok<List<DirectorPostDto>>> ListAsync(UnitsDbContext db, TimeProvider clock, DateOnly? asOf, DateTimeOffset? knownAt,
        CancellationToken ct)
    {
        var date = asOf ?? clock.Today();
        var rows = await db.Directors.AsOf(date, knownAt).OrderBy(r => r.Title).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(r => DirectorPostDto.From(r.ToState(), r.Version, date)).ToList());
    }

    private static Task<Results<Ok<DirectorPostDto>, ProblemHttpResult>> GetAsync(Guid id, UnitsDbContext db, TimeProvider clock, HttpContext http,
        DateOnly? asOf,
        DateTimeOffset? knownAt, CancellationToken ct)
    {
        var date = asOf ?? clock.Today();
        return db.Directors.ReadOneAsync(id, "director post", date, knownAt, http, row =>
            Task.FromResult(DirectorPostDto.From(row.ToState(), row.Version, date)), ct);
    }

    private static async Task<Results<Ok<List<HistoryEntry<DirectorSnapshot>>>, ProblemHttpResult>> HistoryAsync(Guid id, UnitsDbContext db,
        CancellationToken ct)
    {
        var rows = await db.Directors.HistoryAsync(id, ct);
        return rows.Count == 0
            ? Problems.NotFound("director post", id)
            : TypedResults.Ok(rows.Select(r => HistoryEntry<DirectorSnapshot>.From(r,
                new DirectorSnapshot(r.Title, [.. r.ToState().Holders.Select(h => new HolderDto(h.Name, h.From, h.To))]))).ToList());
    }

    private static async Task<Results<Ok<List<UnitDto>>, ProblemHttpResult>> UnitsAsync(Guid id, UnitsDbContext db, TimeProvider clock,
        DateOnly? asOf, CancellationToken ct)
    {
        var date = asOf ?? clock.Today();
        var post = await db.Directors.AsOfAsync(id, date, ct);
        if (post is null)
        {
            return Problems.NotFound("director post", id);
        }

        var rows = await db.Units.AsOf(date).Where(r => r.DirectorPostId == id).OrderBy(r => r.Name).ToListAsync(ct);
        var directors = new Dictionary<Guid, DirectorPostState> { [id] = post.ToState() };
        var active = rows.Where(r => r.ToState().StatusOn(date) == UnitStatus.Active).ToList();
        var managers = await db.ManagersOnAsync(active.Select(r => r.EntityId), date, knownAt: null, ct);
        return TypedResults.Ok(active.Select(r => UnitDto.From(r, directors, managers, date)).ToList());
    }

    private static Task<Results<Created<DirectorPostDto>, ProblemHttpResult, IdempotentReplay>> CreateAsync(CreateDirectorPostRequest request,
        UnitsDbContext db,
        TimeProvider clock, HttpContext http, CancellationToken ct) =>
        db.WriteAsync(http, token =>
        {
            var today = clock.Today();
            var createdOn = request.CreatedOn ?? today;
            var first = Changes.First(http, clock, createdOn, request);
            var created = DirectorRules.Create(Guid.CreateVersion7(), request.Title, createdOn, first);
            if (!created.Succeeded)
            {
                return Task.FromResult(created.Fail<DirectorPostDto>());
            }

            db.Append(created.Value!, first, current: null);
            return Task.FromResult<Outcome<DirectorPostDto>>(DirectorPostDto.From(created.Value!.State, 1, today));
        }, post => TypedResults.Created($"/api/directors/{post.Id}", post).WithETag(http, 1), ct);

    private static Task<Results<Ok<DirectorPostDto>, ProblemHttpResult, IdempotentReplay>> AppointAsync(Guid id, AppointDirectorRequest request,
        UnitsDbContext db,
        TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ChangeAsync(id, db, http, clock, Changes.Describe(http, clock, request.ValidFrom, request), (post, next) =>
            DirectorRules.Appoint(post, request.Name, next), ct);

    private static Task<Results<Ok<DirectorPostDto>, ProblemHttpResult, IdempotentReplay>> VacateAsync(Guid id, VacateDirectorPostRequest request,
        UnitsDbContext db,
        TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ChangeAsync(id, db, http, clock, Changes.Describe(http, clock, request.ValidFrom, request), DirectorRules.Vacate, ct);

    private static Task<Results<Ok<DirectorPostDto>, ProblemHttpResult, IdempotentReplay>> ChangeAsync(Guid id, UnitsDbContext db, HttpContext http,
        TimeProvider clock,
        ChangeInfo change, Func<DirectorPostState, Revising, Outcome<Changed<DirectorPostState>>> rule, CancellationToken cancellationToken) =>
        db.ChangeAsync(db.Directors, id, "director post", http, change, clock.GetUtcNow(), (target, ct) =>
        {
            // Holders are a timeline of their own: a term is decided on the post as it stands furthest ahead.
            var decided = rule(target.Latest.ToState(), target.Next);
            if (!decided.Succeeded)
            {
                return Task.FromResult(decided.Fail<DirectorPostDto>());
            }

            db.Append(decided.Value!, target.Next, target.Current);
            return Task.FromResult<Outcome<DirectorPostDto>>(DirectorPostDto.From(decided.Value!.State, target.Next.Version, change.ValidFrom));
        }, post => post.Version, cancellationToken);
}
