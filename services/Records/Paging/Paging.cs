using Nacka.Rules;

namespace Nacka.Records.Paging;

/// <summary>Page and page size from the query, checked; or the position after which a page starts (<c>after</c>, a list's <c>next</c>).</summary>
public sealed record Paging(int Page, int PageSize, PagePosition? After = null)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public int Skip => (Page - 1) * PageSize;

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
