using Microsoft.EntityFrameworkCore;

namespace Nacka.Units.Data;

/// <summary>Reading the revision tables: the latest version, or the version that held on a date.</summary>
public static class RevisionQueries
{
    public static Task<UnitRevision?> LatestUnitAsync(this UnitsDbContext db, Guid unitId, CancellationToken ct) =>
        db.UnitRevisions.Where(r => r.UnitId == unitId).OrderByDescending(r => r.Version).FirstOrDefaultAsync(ct);

    public static Task<DirectorRevision?> LatestDirectorAsync(this UnitsDbContext db, Guid postId, CancellationToken ct) =>
        db.DirectorRevisions.Where(r => r.PostId == postId).OrderByDescending(r => r.Version).FirstOrDefaultAsync(ct);

    /// <summary>Each unit as it stood on <paramref name="asOf"/>: its newest version valid that day.</summary>
    public static IQueryable<UnitRevision> UnitsAsOf(this UnitsDbContext db, DateOnly asOf) =>
        db.UnitRevisions.Where(r => r.ValidFrom <= asOf
            && r.Version == db.UnitRevisions.Where(x => x.UnitId == r.UnitId && x.ValidFrom <= asOf).Max(x => x.Version));

    /// <summary>Each unit's newest version, whatever its date: what uniqueness rules compare against.</summary>
    public static IQueryable<UnitRevision> LatestUnits(this UnitsDbContext db) =>
        db.UnitRevisions.Where(r => r.Version == db.UnitRevisions.Where(x => x.UnitId == r.UnitId).Max(x => x.Version));

    public static IQueryable<DirectorRevision> DirectorsAsOf(this UnitsDbContext db, DateOnly asOf) =>
        db.DirectorRevisions.Where(r => r.ValidFrom <= asOf
            && r.Version == db.DirectorRevisions.Where(x => x.PostId == r.PostId && x.ValidFrom <= asOf).Max(x => x.Version));

    public static Task<DirectorRevision?> DirectorAsOfAsync(this UnitsDbContext db, Guid postId, DateOnly asOf, CancellationToken ct) =>
        db.DirectorRevisions.Where(r => r.PostId == postId && r.ValidFrom <= asOf).OrderByDescending(r => r.Version).FirstOrDefaultAsync(ct);
}
