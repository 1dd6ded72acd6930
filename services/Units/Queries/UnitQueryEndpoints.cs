using System.Linq.Expressions;
using Nacka.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nacka.Records.Changes;
using Nacka.Records.Http;
using Nacka.Records.Paging;
using Nacka.Records.Revisions;
using Nacka.Rules;
using Nacka.Units.Data;
using Nacka.Units.Domain;
using Nacka.Units.Managers;

namespace Nacka.Units.Queries;

/// <summary>Reads: public records, every one accepting <c>?asOf=YYYY-MM-DD</c> (default: today in Nacka).</summary>
public static class UnitQueryEndpoints
{
    private static readonly string[] Statuses = ["planned", "active", "dissolved", "all"];

    public static RouteGroupBuilder MapUnitQueries(this RouteGroupBuilder units)
    {
        units.MapGet("/", ListAsync).WithName("ListUnits")
            .WithSummary("Units as of a date, filtered and paginated")
            .WithDescription("status: planned, active, dissolved or all (default: planned and active). q searches Swedish, English and short names. "
                + "withoutManager=true: the active units no mandate leads that day. Ordered by name. next is the after of the page that follows, "
                + $"which costs the same however deep; totalCount counts to {ListPages.CountLimit} (totalCountIsExact false: more).");
        units.MapGet("/{id:guid}", GetAsync).WithName("GetUnit").WithSummary("A unit as of a date (default today); ETag is its version");
        units.MapGet("/{id:guid}/history", HistoryAsync).WithName("GetUnitHistory")
            .WithSummary("Every change of a unit: what, from when, recorded when and by whom, and why");
        return units;
    }

    /// <summary>Units by name, then id: the order the current table's (Name, UnitId) index keeps.</summary>
    private static readonly ListOrder<UnitRevision> ByName = new(r => r.Name, r => r.EntityId);

    private static async Task<Results<Ok<PagedList<UnitDto>>, ProblemHttpResult>> ListAsync(UnitsDbContext db, TimeProvider clock,
        DateOnly? asOf, DateTimeOffset? knownAt, string? kind, string? status, Guid? director, string? q, bool? withoutManager, int? page,
            int? pageSize, string? after, CancellationToken ct)
    {
        var date = asOf ?? clock.Today();
        var paging = Paging.From(page, pageSize, after);
        var errors = paging.Errors.ToList();
        var chosen = Choices.Parse(status, "planned,active", Statuses);
        errors.AddRange(chosen.Errors);
        var statuses = chosen.Value ?? new HashSet<string>();
        errors.AddRange(NameSearch.Check(q));
        if (errors.Count > 0)
        {
            return Problems.For(errors);
        }

        var parts = db.Units.AsOfParts(date, knownAt).Select(part => Filtered(db, part, date, knownAt, kind, director, q, statuses, withoutManager)).ToList();
        return TypedResults.Ok(await ListPages.ReadAsync(parts, ByName, paging.Value!, async rows =>
        {
            var directors = await DirectorsAsync(db, rows.Select(r => r.DirectorPostId), date, knownAt, ct);
            var managers = await db.ManagersOnAsync(rows.Select(r => r.EntityId), date, knownAt, ct);
            return rows.Select(r => UnitDto.From(r, directors, managers, date));
        }, ct));
    }

    private static IQueryable<UnitRevision> Filtered(UnitsDbContext db, IQueryable<UnitRevision> query, DateOnly date, DateTimeOffset? knownAt,
        string? kind, Guid? director,
        string? q, IReadOnlySet<string> statuses, bool? withoutManager)
    {
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
            query = query.Where(NameSearch.Matching<UnitRevision>(q, r => r.Name, r => r.EnglishName, r => r.ShortName));
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

        if (withoutManager == true)
        {
            // Active units that no mandate leads that day: e.g. a merge's or split's successors awaiting new grants.
            var holds = ManagersReadModel.HoldsOn(date, knownAt);
            var led = db.UnitManagers.Where(holds).Select(m => m.UnitId);
            query = query.Where(r => r.EstablishedOn <= date && (r.DissolvedOn == null || r.DissolvedOn > date) && !led.Contains(r.EntityId));
        }

        return query;
    }

    private static Task<Results<Ok<UnitDto>, ProblemHttpResult>> GetAsync(Guid id, UnitsDbContext db, TimeProvider clock, HttpContext http, DateOnly? asOf,
        DateTimeOffset? knownAt, CancellationToken ct)
    {
        var date = asOf ?? clock.Today();
        return db.Units.ReadOneAsync(WithLeaders, id, "unit", date, knownAt, http,
            async (row, shown) =>
            {
                // A post not yet created on the date (rare) shows as first recorded, as in lists.
                var directors = shown.Director is { } post
                    ? new Dictionary<Guid, DirectorPostState> { [post.EntityId] = post.ToState() }
                    : await DirectorsAsync(db, [row.DirectorPostId], date, knownAt, ct);
                return UnitDto.From(row, directors, ManagersReadModel.Latest(shown.Managers), date);
            }, ct);
    }

    /// <summary>What a unit's answer shows beside it: its director post on the date and the mandates leading it, both as recorded by the
    /// moment asked (as the unit itself is). A rule inside compiled queries (<see cref="QueryRules.Apply{T1, T2, T3, T4, T5, TResult}"/>).</summary>
    private static readonly Expression<Func<DbContext, Guid, Guid, DateOnly, DateTimeOffset?, Shown>> LeadersOf = (db, postId, unitId, date, knownAt) =>
        new Shown(
            db.HoldingOn<DirectorRevision>(date, knownAt).FirstOrDefault(d => d.EntityId == postId),
            db.Set<UnitManager>().Where(m => m.UnitId == unitId && ManagersReadModel.HoldsOnDate.Apply(m, date, knownAt)).ToList());

    /// <summary>A unit with what its answer shows beside it, in one compiled query.</summary>
    private static readonly RecordRead<UnitRevision, CurrentUnit, Shown> WithLeaders = new((db, r, date, knownAt) =>
        LeadersOf.Apply(db, r.DirectorPostId, r.EntityId, date, knownAt));

    /// <summary>
    /// What the answer to a write shows beside the unit it is about to save, in one compiled query (two ordinary ones did it: a round trip
    /// and a pass through EF's query pipeline fewer per write). From the post's current row, which is also what shows when the post was
    /// not yet created on the date (as in lists).
    /// </summary>
    private static readonly Func<DbContext, Guid, Guid, DateOnly, CancellationToken, Task<Leaders?>> LeadersOnDate = EF.CompileAsyncQuery(
        ((Expression<Func<DbContext, Guid, Guid, DateOnly, CancellationToken, Leaders?>>)((db, postId, unitId, date, ct) =>
            db.Set<CurrentDirectorPost>().AsNoTracking().Where(p => p.EntityId == postId)
                .Select(p => new Leaders(p, LeadersOf.Apply(db, postId, unitId, date, (DateTimeOffset?)null))).FirstOrDefault())).Expanded());

    /// <summary>The director post and manager a write's answer shows for <paramref name="row"/> on <paramref name="date"/>, as recorded now.</summary>
    internal static async Task<(Dictionary<Guid, DirectorPostState> Directors, Dictionary<Guid, UnitManager> Managers)> LeadersOnAsync(
        UnitsDbContext db, UnitRecord row, DateOnly date, CancellationToken ct)
    {
        if (await LeadersOnDate(db, row.DirectorPostId, row.EntityId, date, ct) is not { } leaders)
        {
            // No such post (the write path checks that there is; rows put in by hand may not): what the ordinary queries find.
            return (await DirectorsAsync(db, [row.DirectorPostId], date, knownAt: null, ct), await db.ManagersOnAsync([row.EntityId], date, knownAt: null, ct));
        }

        var post = leaders.Shown.Director?.ToState() ?? leaders.Post.ToState();
        return (new Dictionary<Guid, DirectorPostState> { [post.Id] = post }, ManagersReadModel.Latest(leaders.Shown.Managers));
    }

    /// <summary>What a unit's answer shows beside it.</summary>
    private sealed record Shown(DirectorRevision? Director, List<UnitManager> Managers);

    /// <summary>A director post's current row and what a unit it leads shows beside it.</summary>
    private sealed record Leaders(CurrentDirectorPost Post, Shown Shown);

    private static async Task<Results<Ok<List<HistoryEntry<UnitSnapshot>>>, ProblemHttpResult>> HistoryAsync(Guid id, UnitsDbContext db, CancellationToken ct)
    {
        var rows = await db.Units.HistoryAsync(id, ct);
        return rows.Count == 0
            ? Problems.NotFound("unit", id)
            : TypedResults.Ok(rows.Select(r => HistoryEntry<UnitSnapshot>.From(r, new UnitSnapshot(r.Name, r.Kind, r.DirectorPostId, r.DissolvedOn))).ToList());
    }

    /// <summary>The director posts as of <paramref name="date"/> as recorded by <paramref name="knownAt"/> (null: now); a post not yet created
    /// then shows as first recorded.</summary>
    internal static async Task<Dictionary<Guid, DirectorPostState>> DirectorsAsync(UnitsDbContext db, IEnumerable<Guid> postIds, DateOnly date,
        DateTimeOffset? knownAt, CancellationToken ct)
    {
        var ids = postIds.Distinct().ToList();
        // Each post's rows up to the date, the holding one first (a handful per post), in plain SQL that EF translates once: AsOf's
        // raw SQL would be translated again on every list page and every write's answer.
        var rows = await db.Directors.Holding(date, knownAt).Where(r => ids.Contains(r.EntityId)).ToListAsync(ct);
        var found = rows.GroupBy(r => r.EntityId).ToDictionary(g => g.Key, g => g.First().ToState());
        var missing = ids.Except(found.Keys).ToList();
        if (missing.Count > 0)
        {
            foreach (var post in await db.Directors.Current.Where(r => missing.Contains(r.EntityId)).ToListAsync(ct))
            {
                found[post.EntityId] = post.ToState();
            }
        }

        return found;
    }
}
