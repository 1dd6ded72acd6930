using Nacka.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nacka.Committees.Data;
using Nacka.Committees.Domain;
using Nacka.Records.Changes;
using Nacka.Records.Http;
using Nacka.Records.Paging;
using Nacka.Records.Revisions;
using Nacka.Rules;

namespace Nacka.Committees.Assignments;

/// <summary>Reading assignments: public, every read accepting <c>?asOf=YYYY-MM-DD</c> (default today in Nacka).</summary>
public static class AssignmentQueries
{
    private static readonly string[] Statuses = ["issued", "completed", "withdrawn", "all"];

    public static RouteGroupBuilder MapAssignmentQueries(this RouteGroupBuilder assignments)
    {
        assignments.MapGet("/", ListAsync).WithName("ListAssignments").WithSummary("Assignments as of a date, filtered and paginated")
            .WithDescription("Filters: committeeId, unitId, director (a director post: what that director must see to, across committees), "
                + "status (issued, completed, withdrawn or all; default all), from/to (period overlapping these dates), notBriefed=true. Newest start first.");
        assignments.MapGet("/summary", SummaryAsync).WithName("GetAssignmentSummary")
            .WithSummary("A unit's open assignments grouped by committee, with counts and each committee's share");
        assignments.MapGet("/needing-reassignment", NeedingReassignmentAsync).WithName("ListAssignmentsNeedingReassignment")
            .WithSummary("Assignments withdrawn because their unit was merged or split, not yet continued at a successor unit");
        assignments.MapGet("/{id:guid}", GetAsync).WithName("GetAssignment").WithSummary("An assignment as of a date; ETag is its version");
        assignments.MapGet("/{id:guid}/history", HistoryAsync).WithName("GetAssignmentHistory")
            .WithSummary("Every change of an assignment: what, from when, by whom, why");
        return assignments;
    }

    private static async Task<Results<Ok<PagedList<AssignmentDto>>, ProblemHttpResult>> ListAsync(CommitteesDbContext db, TimeProvider clock,
        DateOnly? asOf, DateTimeOffset? knownAt,
        Guid? committeeId, Guid? unitId, Guid? director, string? status, DateOnly? from, DateOnly? to, bool? notBriefed, int? page, int? pageSize,
            CancellationToken ct)
    {
        var date = asOf ?? clock.Today();
        var paging = Paging.From(page, pageSize);
        var errors = paging.Errors.ToList();
        var chosen = Choices.Parse(status, "all", Statuses);
        errors.AddRange(chosen.Errors);
        var wanted = chosen.Value ?? new HashSet<string>();

        if (from is { } f && to is { } t && t < f)
        {
            errors.Add(DomainError.Invalid("to", "Must not be before from."));
        }

        if (errors.Count > 0)
        {
            return Problems.For(errors);
        }

        var query = db.Assignments.AsOf(date, knownAt);
        query = committeeId is { } c ? query.Where(a => a.CommitteeId == c) : query;
        query = unitId is { } u ? query.Where(a => a.UnitId == u) : query;
        query = director is { } d ? query.Where(a => a.ResponsibleDirectorPostId == d) : query;
        query = from is { } start ? query.Where(a => a.PeriodTo == null || a.PeriodTo >= start) : query;
        query = to is { } end ? query.Where(a => a.PeriodFrom <= end) : query;
        query = notBriefed == true ? query.Where(a => a.BriefedOn == null || a.BriefedOn > date) : query;
        if (!wanted.Contains("all"))
        {
            query = query.Where(a => wanted.Contains(a.Status));
        }

        var (rows, total) = await paging.Value!.ReadAsync(query.OrderByDescending(a => a.PeriodFrom).ThenBy(a => a.Title).ThenBy(a => a.EntityId), ct);
        var naming = await db.NamingAsync(rows, date, ct);
        return TypedResults.Ok(new PagedList<AssignmentDto>([.. rows.Select(r => naming.Dto(r, date))], paging.Value.Page, paging.Value.PageSize, total));
    }

    private static Task<Results<Ok<AssignmentDto>, ProblemHttpResult>> GetAsync(Guid id, CommitteesDbContext db, TimeProvider clock, HttpContext http,
        DateOnly? asOf,
        DateTimeOffset? knownAt, CancellationToken ct)
    {
        var date = asOf ?? clock.Today();
        return db.Assignments.ReadOneAsync(id, "assignment", date, knownAt, http, row => db.DtoAsync(row, date, ct), ct);
    }

    private static async Task<Results<Ok<List<HistoryEntry<AssignmentSnapshot>>>, ProblemHttpResult>> HistoryAsync(Guid id, CommitteesDbContext db,
        CancellationToken ct)
    {
        var rows = await db.Assignments.HistoryAsync(id, ct);
        return rows.Count == 0
            ? Problems.NotFound("assignment", id)
            : TypedResults.Ok(rows.Select(r => HistoryEntry<AssignmentSnapshot>.From(r,
                new AssignmentSnapshot(r.Status, r.Title, r.PeriodFrom, r.PeriodTo, r.BriefedOn, r.ClosedOn, r.ClosedReason))).ToList());
    }

    /// <summary>"Most from one committee, some from others": the unit's open assignments (issued, period not ended) on the date, by committee,
    /// each committee's listed (the composed unit view shows them from this one read).</summary>
    private static async Task<Results<Ok<AssignmentSummaryDto>, ProblemHttpResult>> SummaryAsync(CommitteesDbContext db, TimeProvider clock,
        Guid? unitId, DateOnly? asOf, CancellationToken ct)
    {
        if (unitId is not { } id)
        {
            return Problems.For(DomainError.Invalid("unitId", "Name the unit: ?unitId=..."));
        }

        var date = asOf ?? clock.Today();
        var unit = await db.KnownUnits.AsNoTracking().SingleOrDefaultAsync(u => u.UnitId == id, ct);
        if (unit is null)
        {
            return Problems.NotFound("unit", id);
        }

        var issued = AssignmentRecord.StatusName(AssignmentStatus.Issued);
        var open = await db.Assignments.AsOf(date)
            // Open on the day: issued, and that day within its period (one starting next year is not open yet).
            .Where(a => a.UnitId == id && a.Status == issued && a.PeriodFrom <= date && (a.PeriodTo == null || a.PeriodTo >= date))
            .OrderByDescending(a => a.PeriodFrom).ThenBy(a => a.Title).ThenBy(a => a.EntityId).ToListAsync(ct);
        var total = open.Count;
        var naming = await db.NamingAsync(open, date, ct, known: unit);
        var shares = open.GroupBy(a => a.CommitteeId)
            .Select(g => (Committee: naming.Committee(g.Key), Assignments: g.ToList()))
            .OrderByDescending(c => c.Assignments.Count).ThenBy(c => c.Committee.Name, StringComparer.Ordinal)
            .Select(c => new CommitteeShareDto(c.Committee, c.Assignments.Count, Math.Round((double)c.Assignments.Count / total, 3),
                [.. c.Assignments.Select(a => naming.Dto(a, date))]))
            .ToList();
        var main = shares.Count == 1 || (shares.Count > 1 && shares[0].Count > shares[1].Count) ? shares[0].Committee : null;
        return TypedResults.Ok(new AssignmentSummaryDto(new UnitRefDto(unit.UnitId, unit.NameOn(date)), total, main, shares, date));
    }

    private static async Task<Results<Ok<PagedList<AssignmentDto>>, ProblemHttpResult>> NeedingReassignmentAsync(CommitteesDbContext db, TimeProvider clock,
        Guid? committeeId, int? page, int? pageSize, CancellationToken ct)
    {
        var paging = Paging.From(page, pageSize);
        if (!paging.Succeeded)
        {
            return Problems.For(paging.Errors);
        }

        var withdrawn = AssignmentRecord.StatusName(AssignmentStatus.Withdrawn);
        var continued = db.Assignments.Current.Where(a => a.ContinuesAssignmentId != null).Select(a => a.ContinuesAssignmentId);
        var query = db.Assignments.Current.Where(a => a.Status == withdrawn && a.ClosedReason == AssignmentState.UnitDissolvedReason
            && a.SuccessorUnitIds.Count > 0 && !continued.Contains(a.EntityId));
        query = committeeId is { } c ? query.Where(a => a.CommitteeId == c) : query;
        var (rows, total) = await paging.Value!.ReadAsync(query.OrderBy(a => a.ClosedOn).ThenBy(a => a.EntityId), ct);
        var today = clock.Today();
        var naming = await db.NamingAsync(rows, today, ct);
        return TypedResults.Ok(new PagedList<AssignmentDto>([.. rows.Select(r => naming.Dto(r, today))], paging.Value.Page, paging.Value.PageSize, total));
    }
}
