namespace Nacka.Records.Paging;

/// <summary>One page of a list.</summary>
/// <param name="Items">The items on this page.</param>
/// <param name="Page">The page number, from 1 (1 on a page asked for with <c>after</c>).</param>
/// <param name="PageSize">Items per page.</param>
/// <param name="TotalCount">
/// Items on all pages. Lists that count at most <see cref="ListPages.CountLimit"/> say that many when there are more, with
/// <paramref name="TotalCountIsExact"/> false.
/// </param>
/// <param name="TotalCountIsExact">False when <paramref name="TotalCount"/> is a lower bound: there are more.</param>
/// <param name="Next">
/// The <c>after</c> token of the next page, null on the last page (and on lists that page by number only). Each page read
/// this way costs the same however far into the list it is.
/// </param>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount, bool TotalCountIsExact = true, string? Next = null);
