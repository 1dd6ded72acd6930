using Microsoft.EntityFrameworkCore;
using Nacka.Contracts;
using Nacka.Contracts.Units;
using Nacka.Messaging.Outbox;
using Nacka.Persistence.Idempotency;
using Nacka.Units.Api;
using Nacka.Units.Data;
using Nacka.Units.Domain;

namespace Nacka.Units.Units;

/// <summary>
/// Writes: each appends a revision and its integration event in one transaction, honours
/// <c>If-Match</c>, and answers broken rules with 409/422 Problem Details without changing anything.
/// </summary>
public static class UnitCommandEndpoints
{
    public static RouteGroupBuilder MapUnitCommands(this RouteGroupBuilder units)
    {
        units.MapPost("/", CreateAsync).WithName("CreateUnit").WithSummary("Register a unit (send Idempotency-Key to retry safely)")
            .WithIdempotencyKey<UnitsDbContext>()
            .Produces<UnitDto>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        Change(units.MapPut("/{id:guid}/details", UpdateDetailsAsync).WithName("UpdateUnitDetails").WithSummary("Replace a unit's details (If-Match)"));
        Change(units.MapPost("/{id:guid}/rename", RenameAsync).WithName("RenameUnit").WithSummary("Rename a unit from a date; its id stays"));
        Change(units.MapPost("/{id:guid}/reporting-line", ChangeReportingLineAsync).WithName("ChangeUnitReportingLine").WithSummary("Change the director the unit's manager reports to"));
        Change(units.MapPost("/{id:guid}/dissolve", DissolveAsync).WithName("DissolveUnit").WithSummary("Dissolve a unit; it keeps its id and history"));
        Change(units.MapPost("/{id:guid}/merge", MergeAsync).WithName("MergeUnits").WithSummary("Merge other units into this one (they are dissolved)"));
        Change(units.MapPost("/{id:guid}/split", SplitAsync).WithName("SplitUnit").WithSummary("Split this unit into new units (it is dissolved)"));
        units.MapPost("/kinds", AddKindAsync).WithName("AddUnitKind").WithSummary("Add a unit kind")
            .Produces<UnitKindDto>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        return units;
    }

    private static void Change(RouteHandlerBuilder endpoint) => endpoint
        .Produces<UnitDto>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

    private static Task<IResult> CreateAsync(CreateUnitRequest request, UnitsDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        db.WriteAsync(async token =>
        {
            var (revision, errors) = await EstablishAsync(db, clock, http, request, await KnownKindsAsync(db, token), null, "", token);
            if (errors.Count > 0)
            {
                return ApiResults.Problem(errors);
            }

            await db.SaveChangesAsync(token);
            var today = RequestContext.Today(clock);
            var directors = await UnitQueryEndpoints.DirectorsAsync(db, [revision!.DirectorPostId], today, token);
            return TypedResults.Created($"/api/units/{revision.UnitId}", UnitDto.From(revision, directors, today)).WithETag(http, 1);
        }, ct);

    /// <summary>Validates and stages a new unit (revision 1) and its UnitEstablished in the outbox; shared by create and split.</summary>
    private static async Task<(UnitRevision? Revision, List<DomainError> Errors)> EstablishAsync(UnitsDbContext db, TimeProvider clock, HttpContext http,
        CreateUnitRequest request, IReadOnlySet<string> knownKinds, (Guid Id, DateOnly On)? predecessor, string prefix, CancellationToken ct)
    {
        var today = RequestContext.Today(clock);
        var establishedOn = predecessor?.On ?? request.EstablishedOn ?? today;
        var details = UnitDetailsRules.Validate(request.Details, knownKinds, prefix);
        if (!details.Succeeded)
        {
            return (null, [.. details.Errors]);
        }

        if (request.DirectorPostId is not { } postId)
        {
            return (null, [DomainError.Invalid(prefix + "directorPostId", "Every unit's manager reports to a director: give directorPostId.")]);
        }

        // Registering a long-existing unit: its reporting line is checked today, when it is recorded.
        var checkOn = establishedOn > today ? establishedOn : today;
        var director = (await db.DirectorAsOfAsync(postId, checkOn, ct))?.ToState();
        var established = UnitRules.Establish(Guid.CreateVersion7(), request.Name, details.Value!, director, postId, establishedOn,
            predecessor is { } p ? [p.Id] : null);
        if (!established.Succeeded)
        {
            return (null, [.. established.Errors.Select(e => e with { Field = e.Field is null ? null : prefix + e.Field })]);
        }

        var state = established.Value!;
        if (await CheckUniqueAsync(db, state, ct) is { Count: > 0 } conflicts)
        {
            return (null, conflicts);
        }

        var change = RequestContext.Change(http, clock, establishedOn < today ? establishedOn : today, request.Reason, request.Decision);
        var revision = UnitRevision.From(state, "established", 1, change, clock.GetUtcNow());
        db.UnitRevisions.Add(revision);
        db.AddIntegrationEvent(new UnitEstablished(Guid.NewGuid(), clock.GetUtcNow(), state.Id, 1, state.Name, state.EnglishName, state.ShortName, state.Kind,
            state.ManagerTitle, Reference(director!, checkOn), state.EstablishedOn, state.Identifiers, state.PredecessorIds));
        return (revision, []);
    }

    private static async Task<IResult> UpdateDetailsAsync(Guid id, UpdateUnitDetailsRequest request, UnitsDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var kinds = await KnownKindsAsync(db, ct);
        return await ChangeUnitAsync(id, db, clock, http, RequestContext.Change(http, clock, request.ValidFrom, request.Reason, request.Decision), "details-changed",
            async (unit, change, latestValidFrom, token) =>
            {
                var details = UnitDetailsRules.Validate(request.Details, kinds);
                if (!details.Succeeded)
                {
                    return Outcome<UnitState>.Failure(details.Errors);
                }

                var changed = UnitRules.ChangeDetails(unit, details.Value!, change, latestValidFrom);
                return changed.Succeeded && await CheckUniqueAsync(db, changed.Value!, token) is { Count: > 0 } conflicts ? Outcome<UnitState>.Failure(conflicts) : changed;
            },
            (before, after, version, change, _) => Task.FromResult<IIntegrationEvent>(new UnitDetailsChanged(Guid.NewGuid(), clock.GetUtcNow(), after.Id, version,
                after.Name, after.EnglishName, after.ShortName, after.Kind, after.ManagerTitle, after.Identifiers, change.ValidFrom)), ct);
    }

    private static Task<IResult> RenameAsync(Guid id, RenameUnitRequest request, UnitsDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ChangeUnitAsync(id, db, clock, http, RequestContext.Change(http, clock, request.ValidFrom, request.Reason, request.Decision), "renamed",
            async (unit, change, latestValidFrom, token) =>
            {
                var renamed = UnitRules.Rename(unit, request.Name, change, latestValidFrom);
                return renamed.Succeeded && await CheckUniqueAsync(db, renamed.Value!, token) is { Count: > 0 } conflicts ? Outcome<UnitState>.Failure(conflicts) : renamed;
            },
            (before, after, version, change, _) => Task.FromResult<IIntegrationEvent>(
                new UnitRenamed(Guid.NewGuid(), clock.GetUtcNow(), after.Id, version, before.Name, after.Name, change.ValidFrom)), ct);

    private static Task<IResult> ChangeReportingLineAsync(Guid id, ChangeReportingLineRequest request, UnitsDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ChangeUnitAsync(id, db, clock, http, RequestContext.Change(http, clock, request.ValidFrom, request.Reason, request.Decision), "reporting-line-changed",
            async (unit, change, latestValidFrom, token) =>
            {
                if (request.DirectorPostId is not { } postId)
                {
                    return DomainError.Invalid("directorPostId", "Give the director post the unit's manager will report to.");
                }

                var director = (await db.DirectorAsOfAsync(postId, change.ValidFrom, token))?.ToState();
                return UnitRules.ChangeReportingLine(unit, director, postId, change, latestValidFrom);
            },
            async (before, after, version, change, token) =>
            {
                var previous = (await db.DirectorAsOfAsync(before.DirectorPostId, change.ValidFrom, token))?.ToState();
                var next = (await db.DirectorAsOfAsync(after.DirectorPostId, change.ValidFrom, token))!.ToState();
                return new UnitReportingLineChanged(Guid.NewGuid(), clock.GetUtcNow(), after.Id, version, after.Name,
                    previous is null ? new DirectorReference(before.DirectorPostId, "", null) : Reference(previous, change.ValidFrom),
                    Reference(next, change.ValidFrom), change.ValidFrom);
            }, ct);

    private static Task<IResult> DissolveAsync(Guid id, DissolveUnitRequest request, UnitsDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        ChangeUnitAsync(id, db, clock, http, RequestContext.Change(http, clock, request.DissolvedOn, request.Reason, request.Decision), "dissolved",
            (unit, change, latestValidFrom, _) => Task.FromResult(UnitRules.Dissolve(unit, change, latestValidFrom)),
            (before, after, version, change, _) => Task.FromResult<IIntegrationEvent>(
                new UnitDissolved(Guid.NewGuid(), clock.GetUtcNow(), after.Id, version, after.Name, change.ValidFrom, after.SuccessorIds, change.Reason)), ct);

    private static Task<IResult> MergeAsync(Guid id, MergeUnitsRequest request, UnitsDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var sourceIds = request.SourceUnitIds ?? [];
        return ChangeUnitAsync(id, db, clock, http, RequestContext.Change(http, clock, request.ValidFrom, request.Reason, request.Decision), "merged",
            async (target, change, latestValidFrom, token) =>
            {
                var sources = new List<UnitRevision>();
                foreach (var sourceId in sourceIds)
                {
                    var source = await db.LatestUnitAsync(sourceId, token);
                    if (source is null)
                    {
                        return DomainError.Invalid("sourceUnitIds", $"No unit with id {sourceId}.");
                    }

                    sources.Add(source);
                }

                var merged = UnitRules.AbsorbMerged(target, [.. sources.Select(s => s.ToState())], change, latestValidFrom);
                if (!merged.Succeeded)
                {
                    return merged;
                }

                // Each merged unit is dissolved in the same transaction, with the target as successor.
                foreach (var source in sources)
                {
                    var dissolved = UnitRules.Dissolve(source.ToState(), change, source.ValidFrom, [target.Id]);
                    if (!dissolved.Succeeded)
                    {
                        return Outcome<UnitState>.Failure(dissolved.Errors.Select(e => e with { Field = e.Field is null ? null : "sourceUnitIds" }).ToList());
                    }

                    db.UnitRevisions.Add(UnitRevision.From(dissolved.Value!, "dissolved", source.Version + 1, change, clock.GetUtcNow()));
                    db.AddIntegrationEvent(new UnitDissolved(Guid.NewGuid(), clock.GetUtcNow(), source.UnitId, source.Version + 1, source.Name, change.ValidFrom,
                        [target.Id], change.Reason ?? $"Merged into {target.Name}"));
                }

                return merged;
            },
            (before, after, version, change, _) =>
            {
                var merged = db.UnitRevisions.Local.Where(r => sourceIds.Contains(r.UnitId)).Select(r => new UnitReference(r.UnitId, r.Name)).ToList();
                return Task.FromResult<IIntegrationEvent>(new UnitsMerged(Guid.NewGuid(), clock.GetUtcNow(), after.Id, version, after.Name, merged, change.ValidFrom));
            }, ct);
    }

    private static Task<IResult> SplitAsync(Guid id, SplitUnitRequest request, UnitsDbContext db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var successors = new List<UnitState>();
        return ChangeUnitAsync(id, db, clock, http, RequestContext.Change(http, clock, request.ValidFrom, request.Reason, request.Decision), "split",
            async (unit, change, latestValidFrom, token) =>
            {
                if (UnitRules.CheckChangeable(unit, change, latestValidFrom, requireWhy: true) is { } notChangeable)
                {
                    return notChangeable;
                }

                if (request.Successors is not { Count: >= 2 })
                {
                    return DomainError.Invalid("successors", "A split creates at least two units.");
                }

                var kinds = await KnownKindsAsync(db, token);
                for (var i = 0; i < request.Successors.Count; i++)
                {
                    var (successor, errors) = await EstablishAsync(db, clock, http, request.Successors[i] with { Reason = change.Reason ?? $"Split from {unit.Name}" },
                        kinds, (unit.Id, change.ValidFrom), $"successors[{i}].", token);
                    if (errors.Count > 0)
                    {
                        return Outcome<UnitState>.Failure(errors);
                    }

                    successors.Add(successor!.ToState());
                }

                return Outcome<UnitState>.Success(unit with { SuccessorIds = [.. unit.SuccessorIds, .. successors.Select(s => s.Id)] });
            },
            (before, after, version, change, _) => Task.FromResult<IIntegrationEvent>(new UnitSplit(Guid.NewGuid(), clock.GetUtcNow(), after.Id, version, after.Name,
                successors.Select(s => new UnitReference(s.Id, s.Name)).ToList(), change.ValidFrom)),
            ct,
            // The split unit then ends, as one more version with its own UnitDissolved.
            then: (after, version, change) =>
            {
                var dissolved = after with { DissolvedOn = change.ValidFrom };
                return (dissolved, "dissolved", new UnitDissolved(Guid.NewGuid(), clock.GetUtcNow(), after.Id, version, after.Name, change.ValidFrom,
                    after.SuccessorIds, change.Reason ?? "Split"));
            });
    }

    private static async Task<IResult> AddKindAsync(UnitKindDto request, UnitsDbContext db, CancellationToken ct)
    {
        var code = request.Code?.Trim().ToLowerInvariant() ?? "";
        if (!System.Text.RegularExpressions.Regex.IsMatch(code, "^[a-z][a-z0-9-]{1,49}$") || string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 100)
        {
            return ApiResults.Problem([DomainError.Invalid("code", "Lower-case letters, digits and dashes, 2-50 characters; name up to 100 characters.")]);
        }

        if (await db.UnitKinds.AnyAsync(k => k.Code == code, ct))
        {
            return ApiResults.Problem(DomainError.Conflict("duplicate-kind", $"The kind '{code}' exists."));
        }

        db.UnitKinds.Add(new UnitKind { Code = code, Name = request.Name.Trim() });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/units/kinds", new UnitKindDto(code, request.Name.Trim()));
    }

    /// <summary>
    /// The common path of every change to an existing unit: load its latest version, check
    /// If-Match, apply the rule, append the next version and its event, and answer with the unit.
    /// </summary>
    private static Task<IResult> ChangeUnitAsync(Guid id, UnitsDbContext db, TimeProvider clock, HttpContext http, ChangeInfo change, string changeName,
        Func<UnitState, ChangeInfo, DateOnly, CancellationToken, Task<Outcome<UnitState>>> apply,
        Func<UnitState, UnitState, int, ChangeInfo, CancellationToken, Task<IIntegrationEvent>> toEvent,
        CancellationToken ct,
        Func<UnitState, int, ChangeInfo, (UnitState State, string Change, IIntegrationEvent Event)>? then = null)
    {
        return db.WriteAsync(async token =>
        {
            var latest = await db.LatestUnitAsync(id, token);
            if (latest is null)
            {
                return ApiResults.NotFound("unit", id);
            }

            if (!ApiResults.IfMatchHolds(http.Request, latest.Version))
            {
                return ApiResults.PreconditionFailed(latest.Version);
            }

            var before = latest.ToState();
            var outcome = await apply(before, change, latest.ValidFrom, token);
            if (!outcome.Succeeded)
            {
                return ApiResults.Problem(outcome.Errors);
            }

            var after = outcome.Value!;
            var version = latest.Version + 1;
            db.UnitRevisions.Add(UnitRevision.From(after, changeName, version, change, clock.GetUtcNow()));
            db.AddIntegrationEvent(await toEvent(before, after, version, change, token));
            if (then is not null)
            {
                var (final, finalChange, finalEvent) = then(after, version + 1, change);
                version++;
                after = final;
                db.UnitRevisions.Add(UnitRevision.From(after, finalChange, version, change, clock.GetUtcNow()));
                db.AddIntegrationEvent(finalEvent);
            }

            await db.SaveChangesAsync(token);
            var directors = await UnitQueryEndpoints.DirectorsAsync(db, [after.DirectorPostId], change.ValidFrom, token);
            return TypedResults.Ok(UnitDto.From(db.UnitRevisions.Local.Single(r => r.UnitId == id && r.Version == version), directors, change.ValidFrom)).WithETag(http, version);
        }, ct);
    }

    /// <summary>
    /// No two units that are not dissolved share a name or an identifier. Advisory locks on each
    /// key make concurrent registrations of the same name wait for each other until commit.
    /// </summary>
    private static async Task<List<DomainError>> CheckUniqueAsync(UnitsDbContext db, UnitState unit, CancellationToken ct)
    {
        var errors = new List<DomainError>();
        await db.LockAsync("units.name:" + unit.Name.ToLowerInvariant(), ct);
        var lowered = unit.Name.ToLowerInvariant();
        var others = db.LatestUnits().Where(r => r.UnitId != unit.Id && r.DissolvedOn == null);
#pragma warning disable CA1862 // translated to SQL lower(); string.Equals with a comparison is not
        if (await others.AnyAsync(r => r.Name.ToLower() == lowered, ct))
#pragma warning restore CA1862
        {
            errors.Add(DomainError.Conflict("duplicate-name", $"Another unit that is not dissolved is named '{unit.Name}'."));
        }

        foreach (var identifier in unit.Identifiers)
        {
            await db.LockAsync($"units.identifier:{identifier.Scheme}:{identifier.Value}", ct);
            var json = System.Text.Json.JsonSerializer.Serialize(new[] { identifier }, ContractJson.Options);
            if (await others.AnyAsync(r => EF.Functions.JsonContains(r.Identifiers, json), ct))
            {
                errors.Add(DomainError.Conflict("duplicate-identifier", $"Another unit that is not dissolved has {identifier.Scheme} {identifier.Value}."));
            }
        }

        return errors;
    }

    private static async Task<IReadOnlySet<string>> KnownKindsAsync(UnitsDbContext db, CancellationToken ct) =>
        (await db.UnitKinds.Select(k => k.Code).ToListAsync(ct)).ToHashSet();

    private static DirectorReference Reference(DirectorPostState director, DateOnly on) => new(director.Id, director.Title, director.HolderOn(on)?.Name);
}
