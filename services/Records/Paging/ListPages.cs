using Microsoft.EntityFrameworkCore;

namespace Nacka.Records.Paging;

/// <summary>
/// A page of a list whose cost does not grow with the register: the rows are read in an order an index keeps (<see cref="ListOrder{TRow}"/>),
/// from each part of the list (<see cref="Revisions.RecordSet{TRevision, TCurrent}.AsOfParts"/>) at most as many as the page needs,
/// merged by the database; a page asked for with <c>after</c> starts at its position in the index, and the total is counted
/// up to <see cref="CountLimit"/> (or to the end of a page asked for by number beyond it; past that it says "at least"), and not
/// at all when the page reaches the end of the list.
/// </summary>
public static class ListPages
{
    /// <summary>A list counts at most this many items per request (more when a page asked for by number lies beyond); more is said as
    /// <see cref="PagedList{T}.TotalCountIsExact"/> false.</summary>
    public const int CountLimit = 1_000;

    public static async Task<PagedList<TItem>> ReadAsync<TRow, TItem>(IReadOnlyList<IQueryable<TRow>> parts, ListOrder<TRow> order, Paging paging,
        Func<IReadOnlyList<TRow>, Task<IEnumerable<TItem>>> items, CancellationToken cancellationToken)
    {
        var skip = paging.After is null ? paging.Skip : 0;
        var wanted = skip + paging.PageSize + 1;
        IQueryable<TRow>? all = null;
        foreach (var part in parts)
        {
            var from = paging.After is { } after ? part.Where(order.After(after)) : part;
            var first = order.Sort(from).Take(wanted);
            all = all is null ? first : all.Concat(first);
        }

        var rows = await order.Sort(all!).Skip(skip).Take(paging.PageSize + 1).ToListAsync(cancellationToken);
        var next = rows.Count > paging.PageSize ? order.PositionOf(rows[paging.PageSize - 1]).ToToken() : null;
        if (next is not null)
        {
            rows.RemoveAt(paging.PageSize);
        }

        // A page read by number that reaches the end of the list is its own count.
        if (next is null && paging.After is null && (rows.Count > 0 || skip == 0))
        {
            return new PagedList<TItem>([.. await items(rows)], paging.Page, paging.PageSize, skip + rows.Count, TotalCountIsExact: true, Next: null);
        }

        // Counted to the limit, or past the page asked for by number (which read that far already). In no order: which matches are
        // counted does not change the count, and a count in name order walked the name index testing every name against a search
        // ("skola" among 100,000 names: 16 searches a second, 85 unordered, where the search's own index finds the first 1,001).
        var limit = Math.Max(CountLimit, skip + paging.PageSize);
        var counted = 0;
        foreach (var part in parts.TakeWhile(_ => counted <= limit))
        {
            counted += await part.Take(limit + 1 - counted).CountAsync(cancellationToken);
        }

        return new PagedList<TItem>([.. await items(rows)], paging.Page, paging.PageSize, Math.Min(counted, limit), counted <= limit, next);
    }
}
