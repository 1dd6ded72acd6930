using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Nacka.Records.Paging;

/// <summary>
/// A list's order: a text key (a name) and then the entity id, so every row has one place. Kept in a static field per list:
/// its expressions are translated to SQL (<c>ORDER BY key, id</c>; <c>(key, id) &gt; (@key, @id)</c> for a page after a position,
/// which an index on (key, id) answers without reading what comes before), and compiled once to read a row's position.
/// </summary>
public sealed class ListOrder<TRow>
{
    private static readonly Expression<Func<string, Guid, PagePosition, bool>> AfterTemplate =
        (key, id, position) => EF.Functions.GreaterThan(ValueTuple.Create(key, id), ValueTuple.Create(position.Key, position.Id));

    private readonly Func<TRow, string> _keyOf;
    private readonly Func<TRow, Guid> _idOf;

    public ListOrder(Expression<Func<TRow, string>> key, Expression<Func<TRow, Guid>> id)
    {
        Key = key;
        Id = Expression.Lambda<Func<TRow, Guid>>(Parameters.Replace(id.Body, id.Parameters[0], key.Parameters[0]), key.Parameters[0]);
        _keyOf = key.Compile();
        _idOf = id.Compile();
    }

    public Expression<Func<TRow, string>> Key { get; }

    public Expression<Func<TRow, Guid>> Id { get; }

    public PagePosition PositionOf(TRow row) => new(_keyOf(row), _idOf(row));

    /// <summary>The rows after <paramref name="position"/> in this order (its values go to the database as parameters).</summary>
    public Expression<Func<TRow, bool>> After(PagePosition position)
    {
        var (key, id, bound) = (AfterTemplate.Parameters[0], AfterTemplate.Parameters[1], AfterTemplate.Parameters[2]);
        var body = Parameters.Replace(Parameters.Replace(Parameters.Replace(AfterTemplate.Body, key, Key.Body), id, Id.Body), bound,
            Parameters.Captured(position));
        return Expression.Lambda<Func<TRow, bool>>(body, Key.Parameters[0]);
    }

    public IOrderedQueryable<TRow> Sort(IQueryable<TRow> rows) => rows.OrderBy(Key).ThenBy(Id);
}
