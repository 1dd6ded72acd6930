using Nacka.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nacka.Records.Changes;
using Nacka.Records.Http;
using Nacka.Records.Idempotency;
using Nacka.Rules;
using Nacka.Records.Writes;
using Nacka.Units.Data;
using Nacka.Units.Domain;
using Nacka.Units.Queries;

namespace Nacka.Units.Registration;

/// <summary>Registering a unit and changing its details, name and reporting line.</summary>
public static class RegistrationEndpoints
{
    public static RouteGroupBuilder MapUnitRegistration(this RouteGroupBuilder units)
    {
        units.MapPost("/", RegisterAsync).WithName("CreateUnit").WithSummary("Register a unit (send Idempotency-Key to retry safely)")
            .WithIdempotencyKey().ProducesWriteProblems();
        units.MapPut("/{id:guid}/details", ChangeDetailsAsync).WithName("UpdateUnitDetails").WithSummary("Replace a unit's details (If-Match)")
            .ProducesWriteProblems();
        units.MapPost("/{id:guid}/rename", RenameAsync).WithName("RenameUnit").WithSummary("Rename a unit from a date; its id stays").ProducesWriteProblems();
        units.MapPost("/{id:guid}/reporting-line", ChangeReportingLineAsync).WithName("ChangeUnitReportingLine")
            .WithSummary("Change the director the unit's manager reports to").ProducesWriteProblems();
        return units;
    }

    private static Task<Results<Created<UnitDto>, ProblemHttpResult, IdempotentReplay>> RegisterAsync(
        CreateUnitRequest request, UnitsDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        db.WriteAsync(http, async token =>
        {
            var today = clock.Today();
            var staged = await UnitEstablishment.StageAsync(db, request, await db.KnownKindsAsync(token),
                Changes.Describe(http, clock, today, request), today, clock.GetUtcNow(), null, "", token);
            return staged.Succeeded ? await UnitChange.AnswerNewAsync(db, staged.Value!, today, token) : staged.Fail<UnitDto>();
        }, unit => TypedResults.Created($"/api/units/{unit.Id}", unit).WithETag(http, 1), ct);

    private static async Task<Results<Ok<UnitDto>, ProblemHttpResult, IdempotentReplay>> ChangeDetailsAsync(Guid id, UpdateUnitDetailsRequest request,
        UnitsDbContext db,
        TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var kinds = await db.KnownKindsAsync(ct);
        var details = UnitDetailsRules.Validate(request.Details, kinds);
        return await UnitChange.ApplyAsync(id, db, http, clock, Changes.Describe(http, clock, request.ValidFrom, request),
            (unit, next, _) => Task.FromResult(details.Succeeded ? UnitRules.ChangeDetails(unit, details.Value!, next)
                : details.Fail<Changed<UnitState>>()), ct);
    }

    private static Task<Results<Ok<UnitDto>, ProblemHttpResult, IdempotentReplay>> RenameAsync(
        Guid id, RenameUnitRequest request, UnitsDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        UnitChange.ApplyAsync(id, db, http, clock, Changes.Describe(http, clock, request.ValidFrom, request),
            (unit, next, _) => Task.FromResult(UnitRules.Rename(unit, request.Name, next)), ct);

    private static Task<Results<Ok<UnitDto>, ProblemHttpResult, IdempotentReplay>> ChangeReportingLineAsync(Guid id,
        ChangeReportingLineRequest request, UnitsDbContext db,
        TimeProvider clock, HttpContext http, CancellationToken ct) =>
        UnitChange.ApplyAsync(id, db, http, clock, Changes.Describe(http, clock, request.ValidFrom, request), async (unit, next, token) =>
        {
            if (request.DirectorPostId is not { } postId)
            {
                return DomainError.Invalid("directorPostId", "Give the director post the unit's manager will report to.");
            }

            var on = next.Change.ValidFrom;
            var previous = (await db.Directors.AsOfAsync(unit.DirectorPostId, on, token))?.ToState();
            var director = (await db.Directors.AsOfAsync(postId, on, token))?.ToState();
            return UnitRules.ChangeReportingLine(unit, previous, director, postId, next);
        }, ct);
}
