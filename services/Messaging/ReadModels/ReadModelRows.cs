using System.Collections.Concurrent;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

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
    /// Not <c>FindAsync</c>: it builds its query's expression on every call, and EF then extracts
    /// the parameters from it and looks it up in its cache each time. The lookup here is compiled
    /// once per row type; with it and the version lock (<see cref="ReadModelApplier{TContext}"/>) out
    /// of EF's query pipeline, a read model spent a fifth less CPU per event at 50 writes/s and a
    /// third less at 200/s (docs/benchmarks.md, seventeenth session).
    /// </remarks>
    public static async Task<T> AppliedAsync<T>(this DbSet<T> rows, Guid id, CancellationToken ct) where T : class
    {
        var db = rows.GetService<ICurrentDbContext>().Context;
        return Staged(db, rows, id)
            ?? await ByKey<T>.For(db, id, ct)
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

    /// <summary>
    /// A tracked query for one row of <typeparamref name="T"/> by its Guid key, compiled once per model: EF refuses to run a
    /// compiled query against another model than its own, and one context type can have several (a test's hosts; options built by hand).
    /// </summary>
    private static class ByKey<T> where T : class
    {
        private static readonly ConcurrentDictionary<IModel, Func<DbContext, Guid, CancellationToken, Task<T?>>> Compiled = new();

        public static Task<T?> For(DbContext db, Guid id, CancellationToken ct) => Compiled.GetOrAdd(db.Model, _ => Compile(db))(db, id, ct);

        private static Func<DbContext, Guid, CancellationToken, Task<T?>> Compile(DbContext db)
        {
            var key = db.Model.FindEntityType(typeof(T))?.FindPrimaryKey()?.Properties is [{ PropertyInfo: { } property }]
                && property.PropertyType == typeof(Guid)
                ? property
                : throw new InvalidOperationException($"{typeof(T).Name} needs a single Guid key to be a read-model row.");
            var context = Expression.Parameter(typeof(DbContext), "db");
            var id = Expression.Parameter(typeof(Guid), "id");
            var row = Expression.Parameter(typeof(T), "row");
            // Tracked whatever the context's default, as FindAsync's rows are: the handler changes the row it gets.
            var set = Expression.Call(typeof(EntityFrameworkQueryableExtensions), nameof(EntityFrameworkQueryableExtensions.AsTracking), [typeof(T)],
                Expression.Call(context, nameof(DbContext.Set), [typeof(T)]));
            var matches = Expression.Lambda<Func<T, bool>>(Expression.Equal(Expression.Property(row, key), id), row);
            var query = Expression.Call(typeof(Queryable), nameof(Queryable.FirstOrDefault), [typeof(T)], set, Expression.Quote(matches));
            var cancellation = Expression.Parameter(typeof(CancellationToken), "ct");
            return EF.CompileAsyncQuery(Expression.Lambda<Func<DbContext, Guid, CancellationToken, T?>>(query, context, id, cancellation));
        }
    }
}
