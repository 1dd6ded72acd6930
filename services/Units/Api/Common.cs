using System.Security.Claims;
using Nacka.Units.Domain;

namespace Nacka.Units.Api;

/// <summary>A board decision reference, e.g. KS 2026-05-12 § 123, KFKS 2026/123.</summary>
public sealed record DecisionDto(string Body, DateOnly Date, string? Paragraph, string? CaseNumber)
{
    public Decision ToDomain() => new(Body.Trim(), Date, Paragraph?.Trim(), CaseNumber?.Trim());

    public static DecisionDto? From(Decision? decision) =>
        decision is null ? null : new DecisionDto(decision.Body, decision.Date, decision.Paragraph, decision.CaseNumber);
}

/// <summary>One page of a list.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount);

public static class RequestContext
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>Who made the change: the authenticated caller's name when a token was presented.</summary>
    public static string? Who(HttpContext http) =>
        http.User.Identity is { IsAuthenticated: true } identity
            ? identity.Name ?? http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? http.User.FindFirstValue("sub")
            : null;

    private static readonly TimeZoneInfo Stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    /// <summary>Today in Nacka: dates in the registry are Swedish calendar dates, whatever the server's zone.</summary>
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Stockholm).DateTime);

    public static ChangeInfo Change(HttpContext http, TimeProvider clock, DateOnly? validFrom, string? reason, DecisionDto? decision) =>
        new(validFrom ?? Today(clock), string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), decision?.ToDomain(), Who(http));

    /// <summary>Paging values checked, or the errors to answer with.</summary>
    public static (int Page, int PageSize, List<DomainError> Errors) Paging(int? page, int? pageSize)
    {
        var errors = new List<DomainError>();
        if (page is < 1)
        {
            errors.Add(DomainError.Invalid("page", "Pages start at 1."));
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors.Add(DomainError.Invalid("pageSize", $"Between 1 and {MaxPageSize}."));
        }

        return (page ?? 1, pageSize ?? DefaultPageSize, errors);
    }
}
