using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Nacka.Records.Paging;

namespace Nacka.Records.Revisions;

/// <summary>
/// One entity as it stood on a date (as recorded by a moment), its latest version (the ETag a write's If-Match names) and what its
/// answer shows beside it (<c>with</c>: e.g. a unit's director post and manager), in one statement — compiled once, when the read is
/// made. A read of one record is the register's most frequent request: an ordinary LINQ query would walk its expression on every
/// call (EF's parameter extraction and cache lookup took a fifth of a unit read's CPU), a compiled one takes its values as arguments.
/// Make one per kind of answer and keep it (a static field); <c>with</c> names other rows through the context it is given
/// (<c>db.Set&lt;T&gt;()</c>, <see cref="QueryRules.HoldingOn{TRevision}"/>) and applies date rules with <see cref="QueryRules.Apply{T, TValue, TResult}"/>.
/// It is given the read's date and moment (<c>knownAt</c>), so that what it shows stands as the register did then, as the record does.
/// </summary>
public sealed class RecordRead<TRevision, TCurrent, TWith>
    where TRevision : Revision
    where TCurrent : Revision
{
    private readonly Func<DbContext, Guid, DateOnly, DateTimeOffset?, CancellationToken, Task<Found?>> _query;

    public RecordRead(Expression<Func<DbContext, TRevision, DateOnly, DateTimeOffset?, TWith>> with)
    {
        Expression<Func<DbContext, Guid, DateOnly, DateTimeOffset?, IQueryable<TRevision>>> rows = (db, id, date, knownAt) =>
            db.Set<TRevision>().AsNoTracking().Where(r => r.EntityId == id);
        var (db, date, knownAt) = (rows.Parameters[0], rows.Parameters[2], rows.Parameters[3]);
        var holdingRows = Parameters.Inline(DatedRows<TRevision>.Holding, rows.Body, date, knownAt);

        var row = with.Parameters[1];
        Expression<Func<DbContext, TRevision, int>> latest = (db, r) => db.Set<TCurrent>().Where(c => c.EntityId == r.EntityId).Select(c => c.Version)
            .FirstOrDefault();
        var shown = Parameters.Inline(with, db, row, date, knownAt);
        var found = Expression.Lambda<Func<TRevision, Found>>(
            Expression.MemberInit(Expression.New(typeof(Found)),
                Expression.Bind(typeof(Found).GetProperty(nameof(Found.Row))!, row),
                Expression.Bind(typeof(Found).GetProperty(nameof(Found.Latest))!,
                    Parameters.Inline(latest, db, row)),
                Expression.Bind(typeof(Found).GetProperty(nameof(Found.With))!, shown)),
            row);
        var first = Expression.Call(typeof(Queryable), nameof(Queryable.FirstOrDefault), [typeof(Found)],
            Expression.Call(typeof(Queryable), nameof(Queryable.Select), [typeof(TRevision), typeof(Found)], holdingRows, Expression.Quote(found)));
        var cancellation = Expression.Parameter(typeof(CancellationToken), "cancellationToken");
        _query = EF.CompileAsyncQuery(Expression.Lambda<Func<DbContext, Guid, DateOnly, DateTimeOffset?, CancellationToken, Found?>>(
            QueryRules.Expand(first), db, rows.Parameters[1], date, knownAt, cancellation));
    }

    /// <summary>The row that holds on <paramref name="date"/> as recorded by <paramref name="knownAt"/> (null: none), the entity's latest version
    /// (0: no such entity) and what the answer shows beside the row.</summary>
    public async Task<(TRevision? Row, int LatestVersion, TWith? With)> ReadAsync(DbContext db, Guid id, DateOnly date, DateTimeOffset? knownAt,
        CancellationToken cancellationToken)
    {
        var read = await _query(db, id, date, knownAt, cancellationToken);
        return (read?.Row, read?.Latest ?? 0, read is null ? default : read.With);
    }

    /// <summary>One read's row, its latest version and what the answer needs beside it, as the query projects them.</summary>
    private sealed class Found
    {
        public TRevision Row { get; init; } = null!;

        public int Latest { get; init; }

        public TWith With { get; init; } = default!;
    }
}
