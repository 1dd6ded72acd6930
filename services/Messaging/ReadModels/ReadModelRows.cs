using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Nacka.Persistence;

namespace Nacka.Messaging.ReadModels;

public static class ReadModelRows
{
    /// <summary>
    /// A read-model row an earlier version of the entity created. What this transaction already
    /// staged is looked at first: a gap filled from the feed applies the creating event and a later
    /// one before anything is saved. Missing means the versions disagree with the rows: fail, so the
    /// event is redelivered rather than lost.
    /// </summary>
    /// <remarks>
    /// Not <c>FindAsync</c>, which goes through EF's query pipeline at every call: the row comes from a query compiled once
    /// (<see cref="RowsByKey"/>). With it and the version lock (<see cref="ReadModelApplier{TContext}"/>) out of that pipeline, a
    /// read model spent a fifth less CPU per event at 50 writes/s and a third less at 200/s (docs/benchmarks.md, seventeenth session).
    /// </remarks>
    public static async Task<T> AppliedAsync<T>(this DbSet<T> rows, Guid id, CancellationToken ct) where T : class
    {
        var db = rows.GetService<ICurrentDbContext>().Context;
        return Staged(db, rows, id)
            ?? await db.ByKeyAsync<T>(id, ct)
            ?? throw new InvalidOperationException($"{typeof(T).Name} {id} is not in the read model although its earlier versions were applied.");
    }

    /// <summary>
    /// The row with key <paramref name="id"/> this context already tracks, found in its identity map. <c>DbSet.Local</c> first
    /// compares every tracked entity with its snapshot (DetectChanges) when changes are detected automatically: once per event, in a
    /// group of a hundred events that is a hundred scans of everything the group staged. A key lookup needs none (FindAsync does none).
    /// </summary>
    private static T? Staged<T>(DbContext db, DbSet<T> rows, Guid id) where T : class
    {
        var detects = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return rows.Local.FindEntry(id)?.Entity;
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detects;
        }
    }
}
