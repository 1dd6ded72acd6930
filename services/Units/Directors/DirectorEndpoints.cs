using Microsoft.EntityFrameworkCore;
using Nacka.Contracts.Units;
using Nacka.Messaging.Outbox;
using Nacka.Persistence.Idempotency;
using Nacka.Units.Api;
using Nacka.Units.Data;
using Nacka.Units.Domain;
using Nacka.Units.Units;

namespace Nacka.Units.Directors;

/// <summary>Director posts of stadsledningskontoret and who holds them: <c>/api/directors</c>.</summary>
public static class DirectorEndpoints
{
    public static IEndpointRouteBuilder MapDirectorsApi(this IEndpointRouteBuilder app)
    {
        var directors = app.MapGroup("/api/directors").WithTags("Directors").ValidateChangeRequests();

        directors.MapGet("/", ListAsync).WithName("ListDirectorPosts").WithSummary("Director posts as of a date")
            .Produces<IReadOnlyList<DirectorPostDto>>();
        directors.MapGet("/{id:guid}", GetAsync).WithName("GetDirectorPost").WithSummary("A director post and its holder as of a date")
            .Produces<DirectorPostDto>().ProducesProblem(StatusCodes.Status404NotFound);
        directors.MapGet("/{id:guid}/history", HistoryAsync).WithName("GetDirectorPostHistory").WithSummary("Every change of a director post: when, who, why")
            .Produces<IReadOnlyList<DirectorHistoryEntry>>().ProducesProblem(StatusCodes.Status404NotFound);
        directors.MapGet("/{id:guid}/units", UnitsAsync).WithName("GetDirectorUnits").WithSummary("The units whose managers report to this director on a date")
            .Produces<IReadOnlyList<UnitDto>>().ProducesProblem(StatusCodes.Status404NotFound);
        directors.MapPost("/", CreateAsync).WithName("CreateDirectorPost").WithSummary("Create a director post (vacant until appointed; send Idempotency-Key to retry safely)")
            .WithIdempotencyKey<UnitsDbContext>()
            .Produces<DirectorPostDto>(StatusCodes.Status201Created).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        directors.MapPost("/{id:guid}/appointments", AppointAsync).WithName("AppointDirector").WithSummary("Appoint a person to the post from a date")
            .Produces<DirectorPostDto>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        directors.MapPost("/{id:guid}/vacate", VacateAsync).WithName("VacateDirectorPost").WithSummary("The holder leaves: the post is vacant from a date")
            .Produces<DirectorPostDto>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static async Task<IResult> ListAsync(UnitsDbContext db, TimeProvider clock, DateOnly? asOf, CancellationToken ct)
    {
        var date = asOf ?? RequestContext.Today(clock);
        var rows = await db.DirectorsAsOf(date).OrderBy(r => r.Title).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(r => DirectorPostDto.From(r.ToState(), r.Version, date)).ToList());
    }

    private static async Task<IResult> GetAsync(Guid id, UnitsDbContext db, TimeProvider clock, HttpContext http, DateOnly? asOf, CancellationToken ct)
    {
        var date = asOf ?? RequestContext.Today(clock);
        var row = await db.DirectorAsOfAsync(id, date, ct);
        return row is null ? ApiResults.NotFound("director post", id) : TypedResults.Ok(DirectorPostDto.From(row.ToState(), row.Version, date)).WithETag(http, row.Version);
    }

    private static async Task<IResult> HistoryAsync(Guid id, UnitsDbContext db, CancellationToken ct)
    {
        var rows = await db.DirectorRevisions.Where(r => r.PostId == id).OrderBy(r => r.Version).ToListAsync(ct);
        return rows.Count == 0
            ? ApiResults.NotFound("director post", id)
            : TypedResults.Ok(rows.Select(r => new DirectorHistoryEntry(r.Version, r.Change, r.ValidFrom, r.RecordedAt, r.RecordedBy, r.Reason, DecisionDto.From(r.Decision),
                r.Title, r.ToState().Holders.Select(h => new HolderDto(h.Name, h.From, h.To)).ToList())).ToList());
    }

    private static async Task<IResult> UnitsAsync(Guid id, UnitsDbContext db, TimeProvider clock, DateOnly? asOf, CancellationToken ct)
    {
        var date = asOf ?? RequestContext.Today(clock);
        var post = await db.DirectorAsOfAsync(id, date, ct);
        if (post is null)
        {
            return ApiResults.NotFound("director post", id);
        }

        var rows = await db.UnitsAsOf(date).Where(r => r.DirectorPostId == id).OrderBy(r => r.Name).ToListAsync(ct);
        var directors = new Dictionary<Guid, DirectorPostState> { [id] = post.ToState() };
        return TypedResults.Ok(rows.Where(r => r.ToState().StatusOn(date) == UnitStatus.Active).Select(r => UnitDto.From(r, directors, date)).ToList());
    }

    private static async Task<IResult> CreateAsync(CreateDirectorPostRequest request, UnitsDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var today = RequestContext.Today(clock);
        var createdOn = request.CreatedOn ?? today;
        var created = DirectorRules.Create(Guid.CreateVersion7(), request.Title, createdOn);
        if (!created.Succeeded)
        {
            return ApiResults.Problem(created.Errors);
        }

        // A post created for a future date is listed from today, with its future creation date.
        var change = RequestContext.Change(http, clock, createdOn < today ? createdOn : today, request.Reason, request.Decision);
        return await db.WriteAsync(async token =>
        {
            var post = created.Value!;
            db.DirectorRevisions.Add(DirectorRevision.From(post, "created", 1, change, clock.GetUtcNow()));
            db.AddIntegrationEvent(new DirectorPostCreated(Guid.NewGuid(), clock.GetUtcNow(), post.Id, 1, post.Title, post.CreatedOn));
            await db.SaveChangesAsync(token);
            return TypedResults.Created($"/api/directors/{post.Id}", DirectorPostDto.From(post, 1, today)).WithETag(http, 1);
        }, ct);
    }

    private static Task<IResult> AppointAsync(Guid id, AppointDirectorRequest request, UnitsDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ChangeAsync(id, db, clock, http, RequestContext.Change(http, clock, request.ValidFrom, request.Reason, request.Decision), "appointed",
            (post, change, latest) => DirectorRules.Appoint(post, request.Name, change.ValidFrom, latest),
            (before, after, version, change) => new DirectorAppointed(Guid.NewGuid(), clock.GetUtcNow(), after.Id, version, after.Title,
                after.CurrentHolding!.Name, before.CurrentHolding?.Name, change.ValidFrom), ct);

    private static Task<IResult> VacateAsync(Guid id, VacateDirectorPostRequest request, UnitsDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ChangeAsync(id, db, clock, http, RequestContext.Change(http, clock, request.ValidFrom, request.Reason, request.Decision), "vacated",
            (post, change, latest) => DirectorRules.Vacate(post, change.ValidFrom, latest),
            (before, after, version, change) => new DirectorPostVacated(Guid.NewGuid(), clock.GetUtcNow(), after.Id, version, after.Title,
                before.CurrentHolding!.Name, change.ValidFrom), ct);

    private static Task<IResult> ChangeAsync<TEvent>(Guid id, UnitsDbContext db, TimeProvider clock, HttpContext http, ChangeInfo change, string changeName,
        Func<DirectorPostState, ChangeInfo, DateOnly, Outcome<DirectorPostState>> apply,
        Func<DirectorPostState, DirectorPostState, int, ChangeInfo, TEvent> toEvent, CancellationToken ct)
        where TEvent : class, Nacka.Contracts.IIntegrationEvent =>
        db.WriteAsync(async token =>
        {
            var latest = await db.LatestDirectorAsync(id, token);
            if (latest is null)
            {
                return ApiResults.NotFound("director post", id);
            }

            if (!ApiResults.IfMatchHolds(http.Request, latest.Version))
            {
                return ApiResults.PreconditionFailed(latest.Version);
            }

            var before = latest.ToState();
            var outcome = apply(before, change, latest.ValidFrom);
            if (!outcome.Succeeded)
            {
                return ApiResults.Problem(outcome.Errors);
            }

            var version = latest.Version + 1;
            db.DirectorRevisions.Add(DirectorRevision.From(outcome.Value!, changeName, version, change, clock.GetUtcNow()));
            db.AddIntegrationEvent(toEvent(before, outcome.Value!, version, change));
            await db.SaveChangesAsync(token);
            return TypedResults.Ok(DirectorPostDto.From(outcome.Value!, version, change.ValidFrom)).WithETag(http, version);
        }, ct);
}
