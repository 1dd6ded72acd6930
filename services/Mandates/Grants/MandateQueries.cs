using Nacka.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nacka.Mandates.Data;
using Nacka.Mandates.Domain;
using Nacka.Records.Changes;
using Nacka.Records.Http;
using Nacka.Records.Paging;
using Nacka.Records.Revisions;
using Nacka.Rules;

namespace Nacka.Mandates.Grants;

/// <summary>Reading mandates: public records, every read accepting <c>?asOf=YYYY-MM-DD</c> (default today in Nacka).</summary>
public static class MandateQueries
{
    private static readonly string[] Statuses = ["planned", "active", "ended", "all"];

    public static RouteGroupBuilder MapMandateQueries(this RouteGroupBuilder mandates)
    {
        mandates.MapGet("/", ListAsync).WithName("ListMandates").WithSummary("Mandates as of a date, filtered and paginated")
            .WithDescription("Filters: unitId, holder (part of the person's name, case-insensitive: the mandates one person holds), employeeId, title, "
                + "status (planned, active, ended or all; default all). Newest start first.");
        mandates.MapGet("/current", CurrentAsync).WithName("GetCurrentMandate").WithSummary("Who leads a unit on a date, and on which decision");
        mandates.MapGet("/history", UnitHistoryAsync).WithName("GetUnitMandateHistory")
            .WithSummary("Who led this unit, when, on which decision: every mandate of the unit, oldest first");
        mandates.MapGet("/{id:guid}", GetAsync).WithName("GetMandate").WithSummary("A mandate as of a date; ETag is its version");
        mandates.MapGet("/{id:guid}/history", HistoryAsync).WithName("GetMandateHistory")
            .WithSummary("Every change of a mandate: what, from when, by whom, why");
        return mandates;
    }

    private static async Task<Results<Ok<PagedList<MandateDto>>, ProblemHttpResult>> ListAsync(MandatesDbContext db, TimeProvider clock,
        DateOnly? asOf, DateTimeOffset? knownAt,
        Guid? unitId, string? holder, string? employeeId, string? title, string? status, int? page, int? pageSize, CancellationToken ct)
    {
        var date = asOf ?? clock.Today();
        var paging = Paging.From(page, pageSize);
        var errors = paging.Errors.ToList();
        var chosen = Choices.Parse(status, "all", Statuses);
        errors.AddRange(chosen.Errors);
        var wanted = chosen.Value ?? new HashSet<string>();

        var parsedTitle = title is null ? null : MandateRules.ParseTitle(title);
        errors.AddRange(parsedTitle?.Errors ?? []);
        errors.AddRange(NameSearch.Check(holder, "holder"));
        if (employeeId is { Length: > 50 })
        {
            errors.Add(DomainError.Invalid("employeeId", "Too long."));
        }

        if (errors.Count > 0)
        {
            return Problems.For(errors);
        }

        var query = db.Mandates.AsOf(date, knownAt);
        query = unitId is { } u ? query.Where(m => m.UnitId == u) : query;
        query = string.IsNullOrWhiteSpace(holder) ? query : query.Where(NameSearch.Matching<MandateRevision>(holder, m => m.HolderName));
        query = string.IsNullOrWhiteSpace(employeeId) ? query : query.Where(m => m.EmployeeId == employeeId.Trim());
        if (parsedTitle is { Value: var t })
        {
            var name = t.ToString();
            query = query.Where(m => m.Title == name);
        }

        if (!wanted.Contains("all"))
        {
            var (planned, active, ended) = (wanted.Contains("planned"), wanted.Contains("active"), wanted.Contains("ended"));
            query = query.Where(m =>
                (planned && m.MandateFrom > date)
                || (active && m.MandateFrom <= date && (m.MandateTo == null || m.MandateTo >= date) && (m.EndedOn == null || m.EndedOn > date))
                || (ended && m.MandateFrom <= date && ((m.MandateTo != null && m.MandateTo < date) || (m.EndedOn != null && m.EndedOn <= date))));
        }

        var (rows, total) = await paging.Value!.ReadAsync(query.OrderByDescending(m => m.MandateFrom).ThenBy(m => m.EntityId), ct);
        var names = await UnitNamesAsync(db, rows.Select(r => r.UnitId), date, ct);
        return TypedResults.Ok(new PagedList<MandateDto>([.. rows.Select(r => MandateDto.From(r, names.GetValueOrDefault(r.UnitId), date))],
            paging.Value.Page, paging.Value.PageSize, total));
    }

    private static async Task<Results<Ok<MandateDto>, ProblemHttpResult>> CurrentAsync(MandatesDbContext db, TimeProvider clock, HttpContext http,
        Guid? unitId, DateOnly? asOf, CancellationToken ct)
    {
        if (unitId is not { } id)
        {
            return Problems.For(DomainError.Invalid("unitId", "Name the unit: ?unitId=..."));
        }

        var date = asOf ?? clock.Today();
        var row = await db.Mandates.AsOf(date)
            .Where(m => m.UnitId == id && m.MandateFrom <= date && (m.MandateTo == null || m.MandateTo >= date) && (m.EndedOn == null || m.EndedOn > date))
            .OrderByDescending(m => m.MandateFrom).FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return TypedResults.Problem($"No mandate holds for unit {id} on {date:yyyy-MM-dd}: the unit has no manager that day.",
                statusCode: StatusCodes.Status404NotFound,
                title: "No manager");
        }

        var names = await UnitNamesAsync(db, [id], date, ct);
        return TypedResults.Ok(MandateDto.From(row, names.GetValueOrDefault(id), date)).WithETag(http, row.Version);
    }

    private static async Task<Results<Ok<List<MandateDto>>, ProblemHttpResult>> UnitHistoryAsync(MandatesDbContext db, TimeProvider clock,
        Guid? unitId, CancellationToken ct)
    {
        if (unitId is not { } id)
        {
            return Problems.For(DomainError.Invalid("unitId", "Name the unit: ?unitId=..."));
        }

        var rows = await db.Mandates.Current.Where(m => m.UnitId == id).OrderBy(m => m.MandateFrom).ToListAsync(ct);
        var name = (await UnitNamesAsync(db, [id], clock.Today(), ct)).GetValueOrDefault(id);
        if (rows.Count == 0 && name is null)
        {
            return Problems.NotFound("unit", id);
        }

        var today = clock.Today();
        return TypedResults.Ok(rows.Select(r => MandateDto.From(r, name, today)).ToList());
    }

    private static Task<Results<Ok<MandateDto>, ProblemHttpResult>> GetAsync(Guid id, MandatesDbContext db, TimeProvider clock, HttpContext http,
        DateOnly? asOf,
        DateTimeOffset? knownAt, CancellationToken ct)
    {
        var date = asOf ?? clock.Today();
        // The unit (for its name on the date) comes in the mandate's own query.
        return db.Mandates.ReadOneAsync(WithUnit, id, "mandate", date, knownAt, http,
            (row, unit) => Task.FromResult(MandateDto.From(row, unit?.NameOn(date), date)), ct);
    }

    /// <summary>A mandate with its unit (for the unit's name on the date), in one compiled query.</summary>
    private static readonly RecordRead<MandateRevision, CurrentMandate, KnownUnit?> WithUnit = new((db, m, date, knownAt) =>
        db.Set<KnownUnit>().FirstOrDefault(u => u.UnitId == m.UnitId));

    private static async Task<Results<Ok<List<HistoryEntry<MandateSnapshot>>>, ProblemHttpResult>> HistoryAsync(Guid id, MandatesDbContext db,
        CancellationToken ct)
    {
        var rows = await db.Mandates.HistoryAsync(id, ct);
        return rows.Count == 0
            ? Problems.NotFound("mandate", id)
            : TypedResults.Ok(rows.Select(r => HistoryEntry<MandateSnapshot>.From(r,
                new MandateSnapshot(r.HolderName, r.Title, r.MandateFrom, r.MandateTo, r.EndedOn, r.EndReason, r.SuccessorId))).ToList());
    }

    /// <summary>The units' names on <paramref name="date"/> (a unit renamed from next year keeps its name until then).</summary>
    private static async Task<Dictionary<Guid, string>> UnitNamesAsync(MandatesDbContext db, IEnumerable<Guid> unitIds, DateOnly date, CancellationToken ct)
    {
        var ids = unitIds.Distinct().ToList();
        return (await db.KnownUnits.AsNoTracking().Where(u => ids.Contains(u.UnitId)).ToListAsync(ct)).ToDictionary(u => u.UnitId, u => u.NameOn(date));
    }
}
