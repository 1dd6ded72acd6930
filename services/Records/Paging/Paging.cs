using Nacka.Rules;

namespace Nacka.Records.Paging;

/// <summary>Page and page size from the query, checked.</summary>
public sealed record Paging(int Page, int PageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public int Skip => (Page - 1) * PageSize;

    public static Outcome<Paging> From(int? page, int? pageSize)
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

        return errors.Count > 0 ? Outcome<Paging>.Failure(errors) : new Paging(page ?? 1, pageSize ?? DefaultPageSize);
    }
}
