using Nacka.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Nacka.Records.Changes;
using Nacka.Records.Http;
using Nacka.Rules;
using Nacka.Records.Writes;
using Nacka.Units.Data;
using Nacka.Units.Domain;
using Nacka.Units.Queries;
using Nacka.Units.Registration;

namespace Nacka.Units.Reorganisation;

/// <summary>Units ending: dissolved, merged into another, or split into new ones. Each keeps its id and history.</summary>
public static class ReorganisationEndpoints
{
    private const int MaxUnitsInOneChange = 50;

    public static RouteGroupBuilder MapUnitReorganisation(this RouteGroupBuilder units)
    {
        units.MapPost("/{id:guid}/dissolve", DissolveAsync).WithName("DissolveUnit").WithSummary("Dissolve a unit; it keeps its id and history")
            .ProducesWriteProblems();
        units.MapPost("/{id:guid}/merge", MergeAsync).WithName("MergeUnits").WithSummary("Merge other units into this one (they are dissolved)")
            .ProducesWriteProblems();
        units.MapPost("/{id:guid}/split", SplitAsync).WithName("SplitUnit").WithSummary("Split this unit into new units (it is dissolved)")
            .ProducesWriteProblems();
        return units;
    }

    private static Task<Results<Ok<UnitDto>, ProblemHttpResult, IdempotentReplay>> DissolveAsync(
        Guid id, DissolveUnitRequest request, UnitsDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        UnitChange.ApplyAsync(id, db, http, clock, Changes.Describe(http, clock, request.DissolvedOn, request, "dissolvedOn"),
            (unit, next, _) => Task.FromResult(UnitRules.Dissolve(unit, next)), ct);

    private static Task<Results<Ok<UnitDto>, ProblemHttpResult, IdempotentReplay>> MergeAsync(
        Guid id, MergeUnitsRequest request, UnitsDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        UnitChange.ApplyAsync(id, db, http, clock, Changes.Describe(http, clock, request.ValidFrom, request), async (target, next, token) =>
        {
            if (request.SourceUnitIds is { Count: > MaxUnitsInOneChange })
            {
                return DomainError.Invalid("sourceUnitIds", $"At most {MaxUnitsInOneChange} units at a time.");
            }

            var sources = new List<CurrentUnit>();
            foreach (var sourceId in request.SourceUnitIds ?? [])
            {
                if (await db.Units.LatestAsync(sourceId, token) is not { } source)
                {
                    return DomainError.Invalid("sourceUnitIds", $"No unit with id {sourceId}.");
                }

                sources.Add(source);
            }

            var merged = UnitRules.AbsorbMerged(target, [.. sources.Select(s => s.ToState())], next);
            if (!merged.Succeeded)
            {
                return merged;
            }

            // Each merged unit is dissolved in the same transaction, with the target as successor.
            foreach (var source in sources)
            {
                var dissolving = source.Revise(next.Change, next.At);
                var dissolved = UnitRules.Dissolve(source.ToState(), dissolving, [target.Id], $"Merged into {target.Name}");
                if (!dissolved.Succeeded)
                {
                    return Outcome<Changed<UnitState>>.Failure([.. dissolved.Errors.Select(e => e.Field is null ? e : e with { Field = "sourceUnitIds" })]);
                }

                db.Append(dissolved.Value!, dissolving, source);
            }

            return merged;
        }, ct);

    private static Task<Results<Ok<UnitDto>, ProblemHttpResult, IdempotentReplay>> SplitAsync(
        Guid id, SplitUnitRequest request, UnitsDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var change = Changes.Describe(http, clock, request.ValidFrom, request);
        // Everything a retried attempt builds is built inside it: no list outlives an attempt.
        return db.WriteAsync(http, async token =>
        {
            var target = await db.Units.LoadForChangeAsync(id, "unit", http.Request, change, clock.GetUtcNow(), token);
            if (!target.Succeeded)
            {
                return target.Fail<UnitDto>();
            }

            var (current, next) = target.Value!;
            var unit = current.ToState();
            if (UnitRules.CheckChangeable(unit, next, requireWhy: true) is { } notChangeable)
            {
                return notChangeable;
            }

            if (request.Successors is not { Count: >= 2 and <= MaxUnitsInOneChange })
            {
                return DomainError.Invalid("successors", $"A split creates at least two units (at most {MaxUnitsInOneChange}).");
            }

            var successors = new List<UnitState>();
            var kinds = await db.KnownKindsAsync(token);
            for (var i = 0; i < request.Successors.Count; i++)
            {
                var successor = request.Successors[i] ?? new CreateUnitRequest(null, null, null, null, null, null, null, null, null, null, null, null);
                var staged = await UnitEstablishment.StageAsync(db, successor with { Reason = change.Reason ?? $"Split from {unit.Name}" }, kinds,
                    change with { Reason = change.Reason ?? $"Split from {unit.Name}" }, clock.Today(), next.At, (unit.Id, change.ValidFrom),
                        $"successors[{i}].", token);
                if (!staged.Succeeded)
                {
                    return staged.Fail<UnitDto>();
                }

                successors.Add(staged.Value!.Row.ToState());
            }

            var split = UnitRules.Split(unit, successors, next);
            if (!split.Succeeded)
            {
                return split.Fail<UnitDto>();
            }

            db.Append(split.Value.Split, next, current);
            var row = db.Append(split.Value.Dissolved, next.Next(), current);
            return await UnitChange.AnswerAsync(db, row, change.ValidFrom, token);
        }, unit => TypedResults.Ok(unit).WithETag(http, unit.Version), ct);
    }
}
