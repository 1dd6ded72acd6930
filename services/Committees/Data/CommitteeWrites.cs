using Microsoft.EntityFrameworkCore;
using Nacka.Committees.Domain;
using Nacka.Messaging.Outbox;
using Nacka.Records.Changes;
using Nacka.Rules;

namespace Nacka.Committees.Data;

/// <summary>Staging a decided change (its revision, current row and events) and the look-ups the rules need.</summary>
public static class CommitteeWrites
{
    public static CurrentCommittee Append(this CommitteesDbContext db, Changed<CommitteeState> changed, Revising revising, CurrentCommittee? current)
    {
        var revision = CommitteeRevision.From(changed.State);
        revision.Stamp(changed.State.Id, revising.Version, changed.Change, revising.Change, revising.At);
        return Announce(db, db.Committees.Append(revision, current), changed.Events);
    }

    public static CurrentAssignment Append(this CommitteesDbContext db, Changed<AssignmentState> changed, Revising revising, CurrentAssignment? current)
    {
        var revision = AssignmentRevision.From(changed.State);
        revision.Stamp(changed.State.Id, revising.Version, changed.Change, revising.Change, revising.At);
        return Announce(db, db.Assignments.Append(revision, current), changed.Events);
    }

    private static T Announce<T>(CommitteesDbContext db, T row, IEnumerable<Nacka.Contracts.IIntegrationEvent> events)
    {
        foreach (var announcement in events)
        {
            db.AddIntegrationEvent(announcement);
        }

        return row;
    }

    /// <summary>The known director posts among <paramref name="ids"/>.</summary>
    /// <summary>The director posts as known, each with its holder on <paramref name="date"/>.</summary>
    public static async Task<Dictionary<Guid, DirectorPost>> DirectorPostsAsync(this CommitteesDbContext db, IEnumerable<Guid> ids, DateOnly date, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        return (await db.KnownDirectorPosts.AsNoTracking().Where(p => wanted.Contains(p.PostId)).ToListAsync(ct)).ToDictionary(p => p.PostId, p => p.ToDomain(date));
    }

    /// <summary>
    /// A known unit, its row share-locked until the write commits: a UnitDissolved being applied at
    /// the same time waits for this write (and then withdraws what it issued), or this write waits
    /// for it and sees the unit dissolved. No assignment is left open on a dissolved unit.
    /// </summary>
    public static Task<KnownUnit?> LockUnitAsync(this CommitteesDbContext db, Guid unitId, CancellationToken ct) =>
        db.KnownUnits.FromSql($"SELECT * FROM committees.known_units WHERE \"UnitId\" = {unitId} FOR SHARE").AsNoTracking().SingleOrDefaultAsync(ct);

    /// <summary>A known unit's row locked for update until the write commits: the dissolution handler takes it before it looks for open assignments.</summary>
    public static Task<int> LockUnitForUpdateAsync(this CommitteesDbContext db, Guid unitId, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT 1 FROM committees.known_units WHERE \"UnitId\" = {unitId} FOR UPDATE", ct);

    /// <summary>A committee's current row, share-locked until the write commits (so it is not dissolved under an assignment being issued).</summary>
    public static Task<CurrentCommittee?> LockCommitteeAsync(this CommitteesDbContext db, Guid committeeId, CancellationToken ct) =>
        db.Set<CurrentCommittee>().FromSql($"SELECT * FROM committees.committees WHERE \"CommitteeId\" = {committeeId} FOR SHARE").AsNoTracking().SingleOrDefaultAsync(ct);

    /// <summary>The names an assignment's events carry, as they are now.</summary>
    public static async Task<AssignmentNames> NamesAsync(this CommitteesDbContext db, AssignmentState assignment, CancellationToken ct)
    {
        var committee = await db.Committees.Current.Where(c => c.EntityId == assignment.CommitteeId).Select(c => c.Name).SingleOrDefaultAsync(ct);
        var unit = await db.KnownUnits.Where(u => u.UnitId == assignment.UnitId).Select(u => u.Name).SingleOrDefaultAsync(ct);
        var director = await db.KnownDirectorPosts.Where(p => p.PostId == assignment.ResponsibleDirectorPostId).Select(p => p.Title).SingleOrDefaultAsync(ct);
        return new AssignmentNames(committee ?? "", unit ?? "", director ?? "");
    }
}
