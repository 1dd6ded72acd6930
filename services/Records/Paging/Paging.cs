using Microsoft.EntityFrameworkCore;
using Nacka.Rules;

namespace Nacka.Records.Paging;

/// <summary>Page and page size from the query, checked; or the position after which a page starts (<c>after</c>, a list's <c>next</c>).</summary>
public sealed record Paging(int Page, int PageSize, PagePosition? After = null)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public int Skip => (Page - 1) * PageSize;

    /// <summary>
    /// This page of <paramref name="ordered"/> and how many the whole list holds. A page that shows where the list ends (fewer rows than
    /// a page, read one past the page to tell) gives the total itself; only a full page, or one past the end, costs a count.
    /// A list's first page is usually its only one: one statement instead of two.
    /// </summary>
    public async Task<(List<T> Rows, int Total)> ReadAsync<T>(IQueryable<T> ordered, CancellationToken cancellationToken)
    {
        var rows = await ordered.Skip(Skip).Take(PageSize + 1).ToListAsync(cancellationToken);
        if (rows.Count <= PageSize && (rows.Count > 0 || Skip == 0))
        {
            return (rows, Skip + rows.Count);
        }

        if (rows.Count > PageSize)
        {
            rows.RemoveAt(PageSize);
        }

        return (rows, await ordered.CountAsync(cancellationToken));
    }

    public static Outcome<Paging> From(int? page, int? pageSize, string? after = null)
    {
        var errors = new List<DomainError>();
        if (page is < 1 or > 1_000_000)
        {
            errors.Add(DomainError.Invalid("page", "Between 1 and 1000000."));
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors.Add(DomainError.Invalid("pageSize", $"Between 1 and {MaxPageSize}."));
        }

        var position = after is null ? null : PagePosition.Parse(after);
        if (after is not null && position is null)
        {
            errors.Add(DomainError.Invalid("after", "Not a page token: use the next value of the page before, unchanged."));
        }

        if (after is not null && page is not null)
        {
            errors.Add(DomainError.Invalid("page", "Give page or after, not both."));
        }

        return errors.Count > 0 ? Outcome<Paging>.Failure(errors) : new Paging(page ?? 1, pageSize ?? DefaultPageSize, position);
    }
}
