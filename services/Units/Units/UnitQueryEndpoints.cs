using Microsoft.EntityFrameworkCore;
using Nacka.Units.Api;
using Nacka.Units.Data;
using Nacka.Units.Domain;

namespace Nacka.Units.Units;

/// <summary>Reads: public records, every one accepting <c>?asOf=YYYY-MM-DD</c>.</summary>
public static class UnitQueryEndpoints
{
    public static RouteGroupBuilder MapUnitQueries(this RouteGroupBuilder units)
    {
        units.MapGet("/", ListAsync).WithName("ListUnits")
            .WithSummary("Units as of a date, filtered and paginated")
            .WithDescription("status: planned, active, dissolved or all (default: planned and active). q searches Swedish, English and short names. Ordered by name.")
            .Produces<PagedList<UnitDto>>().ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        units.MapGet("/{id:guid}", GetAsync).WithName("GetUnit").WithSummary("A unit as of a date (default today); ETag is its version")
            .Produces<UnitDto>().ProducesProblem(StatusCodes.Status404NotFound);
        units.MapGet("/{id:guid}/history", HistoryAsync).WithName("GetUnitHistory").WithSummary("Every change of a unit: what, from when, recorded when and by whom, and why")
            .Produces<IReadOnlyList<UnitHistoryEntry>>().ProducesProblem(StatusCodes.Status404NotFound);
        units.MapGet("/kinds", KindsAsync).WithName("ListUnitKinds").WithSummary("Unit kinds (förskola, grundskola...)").Produces<IReadOnlyList<UnitKindDto>>();
        return units;
    }

    private static async Task<IResult> ListAsync(UnitsDbContext db, TimeProvider clock, DateOnly? asOf, string? kind, string? status, Guid? director, string? q,
        int? page, int? pageSize, CancellationToken ct)
    {
        var date = asOf ?? RequestContext.Today(clock);
        var (pageNumber, size, errors) = RequestContext.Paging(page, pageSize);
        var statuses = (status ?? "planned,active").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToLowerInvariant()).ToHashSet();
        if (statuses.Except(["planned", "active", "dissolved", "all"]).Any())
        {
            errors.Add(DomainError.Invalid("status", "Use planned, active, dissolved or all (comma-separated)."));
        }

        if (errors.Count > 0)
        {
            return ApiResults.Problem(errors);
        }

        var query = db.UnitsAsOf(date);
        if (!string.IsNullOrWhiteSpace(kind))
        {
            query = query.Where(r => r.Kind == kind.Trim());
        }

        if (director is { } directorId)
        {
            query = query.Where(r => r.DirectorPostId == directorId);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var pattern = "%" + q.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            query = query.Where(r => EF.Functions.ILike(r.Name, pattern) || EF.Functions.ILike(r.EnglishName ?? "", pattern) || EF.Functions.ILike(r.ShortName ?? "", pattern));
        }

        if (!statuses.Contains("all"))
        {
            var planned = statuses.Contains("planned");
            var active = statuses.Contains("active");
            var dissolved = statuses.Contains("dissolved");
            query = query.Where(r =>
                (planned && r.EstablishedOn > date)
                || (active && r.EstablishedOn <= date && (r.DissolvedOn == null || r.DissolvedOn > date))
                || (dissolved && r.DissolvedOn != null && r.DissolvedOn <= date));
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(r => r.Name).ThenBy(r => r.UnitId).Skip((pageNumber - 1) * size).Take(size).ToListAsync(ct);
        var directors = await DirectorsAsync(db, rows.Select(r => r.DirectorPostId), date, ct);
        return TypedResults.Ok(new PagedList<UnitDto>(rows.Select(r => UnitDto.From(r, directors, date)).ToList(), pageNumber, size, total));
    }

    private static async Task<IResult> GetAsync(Guid id, UnitsDbContext db, TimeProvider clock, HttpContext http, DateOnly? asOf, CancellationToken ct)
    {
        var date = asOf ?? RequestContext.Today(clock);
        var row = await db.UnitsAsOf(date).Where(r => r.UnitId == id).FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return await db.UnitRevisions.AnyAsync(r => r.UnitId == id, ct)
                ? TypedResults.Problem($"Unit {id} was not yet registered on {date:yyyy-MM-dd}.", statusCode: StatusCodes.Status404NotFound, title: "Not found on that date")
                : ApiResults.NotFound("unit", id);
        }

        var directors = await DirectorsAsync(db, [row.DirectorPostId], date, ct);
        return TypedResults.Ok(UnitDto.From(row, directors, date)).WithETag(http, row.Version);
    }

    private static async Task<IResult> HistoryAsync(Guid id, UnitsDbContext db, CancellationToken ct)
    {
        var rows = await db.UnitRevisions.Where(r => r.UnitId == id).OrderBy(r => r.Version).ToListAsync(ct);
        return rows.Count == 0
            ? ApiResults.NotFound("unit", id)
            : TypedResults.Ok(rows.Select(r => new UnitHistoryEntry(r.Version, r.Change, r.ValidFrom, r.RecordedAt, r.RecordedBy, r.Reason,
                DecisionDto.From(r.Decision), r.Name, r.Kind, r.DirectorPostId, r.DissolvedOn)).ToList());
    }

    private static async Task<IResult> KindsAsync(UnitsDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.UnitKinds.OrderBy(k => k.Name).Select(k => new UnitKindDto(k.Code, k.Name)).ToListAsync(ct));

    internal static async Task<Dictionary<Guid, DirectorPostState>> DirectorsAsync(UnitsDbContext db, IEnumerable<Guid> postIds, DateOnly date, CancellationToken ct)
    {
        var ids = postIds.Distinct().ToList();
        var rows = await db.DirectorsAsOf(date).Where(r => ids.Contains(r.PostId)).ToListAsync(ct);
        // A unit established before its director post existed still shows the post's title.
        var missing = ids.Except(rows.Select(r => r.PostId)).ToList();
        if (missing.Count > 0)
        {
            rows.AddRange(await db.DirectorRevisions.Where(r => missing.Contains(r.PostId) && r.Version == 1).ToListAsync(ct));
        }

        return rows.ToDictionary(r => r.PostId, r => r.ToState());
    }
}
