using System.Collections.Concurrent;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Nacka.Persistence;

/// <summary>
/// One row by its Guid key, tracked, through a query EF compiles once per row type and model. <c>FindAsync</c> and a LINQ
/// <c>SingleOrDefaultAsync(r => r.Id == id)</c> build their query's expression on every call, and EF then extracts its parameters
/// and looks it up in its query cache each time: at every write (a record's current row) and every event (a read model's row). Taking
/// the read models' two lookups out of that pipeline saved a fifth of their CPU per event at 50 writes/s (docs/benchmarks.md,
/// seventeenth session).
/// </summary>
public static class RowsByKey
{
    /// <summary>
    /// The row of <typeparamref name="T"/> whose key is <paramref name="id"/>, tracked whatever the context's default (the caller
    /// changes it), or null. Unlike <c>FindAsync</c> it always asks the database: a row this context already tracks comes back as
    /// that same instance (EF resolves identities), but one staged and not yet saved is not found.
    /// </summary>
    public static Task<T?> ByKeyAsync<T>(this DbContext db, Guid id, CancellationToken cancellationToken) where T : class =>
        Compiled<T>.Queries.GetOrAdd(db.Model, Compiled<T>.Compile)(db, id, cancellationToken);

    /// <summary>
    /// Compiled per model, not per context type: EF refuses to run a compiled query against another model than its own, and one
    /// context type can have several in one process (a test's hosts; options built by hand).
    /// </summary>
    private static class Compiled<T> where T : class
    {
        public static readonly ConcurrentDictionary<IModel, Func<DbContext, Guid, CancellationToken, Task<T?>>> Queries = new();

        // A method group, not a lambda over the context: that closure was allocated at every lookup, once per write and per event.
        public static readonly Func<IModel, Func<DbContext, Guid, CancellationToken, Task<T?>>> Compile = CompileFor;

        private static Func<DbContext, Guid, CancellationToken, Task<T?>> CompileFor(IModel model)
        {
            var key = model.FindEntityType(typeof(T))?.FindPrimaryKey()?.Properties is [{ PropertyInfo: { } property }]
                && property.PropertyType == typeof(Guid)
                ? property
                : throw new InvalidOperationException($"{typeof(T).Name} needs a single Guid key to be looked up by it.");
            var context = Expression.Parameter(typeof(DbContext), "db");
            var id = Expression.Parameter(typeof(Guid), "id");
            var row = Expression.Parameter(typeof(T), "row");
            var set = Expression.Call(typeof(EntityFrameworkQueryableExtensions), nameof(EntityFrameworkQueryableExtensions.AsTracking), [typeof(T)],
                Expression.Call(context, nameof(DbContext.Set), [typeof(T)]));
            var matches = Expression.Lambda<Func<T, bool>>(Expression.Equal(Expression.Property(row, key), id), row);
            var query = Expression.Call(typeof(Queryable), nameof(Queryable.FirstOrDefault), [typeof(T)], set, Expression.Quote(matches));
            var cancellation = Expression.Parameter(typeof(CancellationToken), "ct");
            return EF.CompileAsyncQuery(Expression.Lambda<Func<DbContext, Guid, CancellationToken, T?>>(query, context, id, cancellation));
        }
    }
}
