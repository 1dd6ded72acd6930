using Microsoft.EntityFrameworkCore;
using Nacka.Messaging.Outbox;
using Nacka.Processes.Domain;
using Nacka.Records.Changes;
using Nacka.Rules;

namespace Nacka.Processes.Data;

/// <summary>Staging a decided change of a process (one revision and one event per step) and the look-ups the rules need.</summary>
public static class ProcessWrites
{
    /// <summary>
    /// The unit's read-model row, share-locked until the write commits: a join or a manager's seat waits for the unit's
    /// dissolution being applied, and the dissolution handler (<see cref="LockUnitForUpdateAsync"/>) waits for them — so
    /// either the write sees the unit dissolved and is bounded, or the handler sees the write and ends it.
    /// </summary>
    public static Task<KnownUnit?> LockUnitAsync(this ProcessesDbContext db, Guid unitId, CancellationToken ct) =>
        db.KnownUnits.FromSql($"SELECT * FROM processes.known_units WHERE \"UnitId\" = {unitId} FOR SHARE").AsNoTracking().SingleOrDefaultAsync(ct);

    /// <summary>The unit's read-model row locked for update: the dissolution handler takes it before it looks for the processes the unit is in.</summary>
    public static Task<int> LockUnitForUpdateAsync(this ProcessesDbContext db, Guid unitId, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT 1 FROM processes.known_units WHERE \"UnitId\" = {unitId} FOR UPDATE", ct);

    /// <summary>Appends each step as its own revision (versions in a row) and makes the last one the current row.</summary>
    public static CurrentProcess Append(this ProcessesDbContext db, ProcessSteps steps, CurrentProcess? current)
    {
        var row = current;
        var revising = steps.First;
        foreach (var step in steps.Steps)
        {
            var revision = ProcessRevision.From(step.State);
            revision.Stamp(step.State.Id, revising.Version, step.Change, revising.Change, revising.At);
            row = db.Processes.Append(revision, row);
            foreach (var announcement in step.Events)
            {
                db.AddIntegrationEvent(announcement);
            }

            revising = revising.Next();
        }

        return row ?? throw new InvalidOperationException("A change with no steps.");
    }

    /// <summary>The names and facts the rules need: director posts (holder on <paramref name="on"/>) and units, as known.</summary>
    public static async Task<ProcessNames> NamesAsync(this ProcessesDbContext db, IEnumerable<Guid> directorPostIds, IEnumerable<Guid> unitIds,
        DateOnly on, CancellationToken ct)
    {
        var posts = directorPostIds.Distinct().ToList();
        var units = unitIds.Distinct().ToList();
        var directors = (await db.KnownDirectorPosts.AsNoTracking().Where(p => posts.Contains(p.PostId)).ToListAsync(ct))
            .ToDictionary(p => p.PostId, p => p.ToFacts(on));
        var unitNames = (await db.KnownUnits.AsNoTracking().Where(u => units.Contains(u.UnitId)).ToListAsync(ct))
            .ToDictionary(u => u.UnitId, u => u.NameOn(on));
        return new ProcessNames(directors, unitNames);
    }

    /// <summary>Every director post and unit a process names, with <paramref name="extraPosts"/> and <paramref name="extraUnits"/>.</summary>
    public static Task<ProcessNames> NamesForAsync(this ProcessesDbContext db, ProcessState process, DateOnly on, CancellationToken ct,
        IEnumerable<Guid>? extraPosts = null, IEnumerable<Guid>? extraUnits = null) =>
        db.NamesAsync(
            process.Owners.Select(o => o.DirectorPostId).Concat(process.Group.Where(s => s.DirectorPostId is not null)
                .Select(s => s.DirectorPostId!.Value)).Concat(extraPosts ?? []),
            process.Units.Select(u => u.UnitId).Concat(process.Group.Where(s => s.UnitId is not null).Select(s => s.UnitId!.Value)).Concat(extraUnits ?? []),
            on, ct);
}
