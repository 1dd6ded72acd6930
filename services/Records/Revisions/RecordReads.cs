using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nacka.Records.Http;

namespace Nacka.Records.Revisions;

/// <summary>The one way a service answers "this record, as of a date, as the register said at a moment".</summary>
public static class RecordReads
{
    /// <summary>
    /// The record as it stood on <paramref name="date"/>, from what was recorded by
    /// <paramref name="knownAt"/> (null: everything recorded so far), answered by
    /// <paramref name="answer"/> with its latest version as ETag (what a write's If-Match names).
    /// 404 when there is no such <paramref name="what"/>, or when it was not in the register on
    /// that date (or not yet at that moment) — the problem says which.
    /// </summary>
    public static async Task<Results<Ok<TDto>, ProblemHttpResult>> ReadOneAsync<TRevision, TCurrent, TDto>(this RecordSet<TRevision, TCurrent> records,
        Guid id, string what, DateOnly date, DateTimeOffset? knownAt, HttpContext http, Func<TRevision, Task<TDto>> answer, CancellationToken cancellationToken)
        where TRevision : Revision, new()
        where TCurrent : Revision, new()
    {
        var (row, latestVersion) = await records.ReadAsync(id, date, knownAt, cancellationToken);
        return row is not null
            ? TypedResults.Ok(await answer(row)).WithETag(http, latestVersion)
            : await NotFoundAsync(records, id, what, date, knownAt, cancellationToken);
    }

    /// <summary>
    /// <see cref="ReadOneAsync{TRevision, TCurrent, TDto}(RecordSet{TRevision, TCurrent}, Guid, string, DateOnly, DateTimeOffset?, HttpContext,
    /// Func{TRevision, Task{TDto}}, CancellationToken)"/> with what the answer shows beside the record read in the same query
    /// (<paramref name="read"/>, see <see cref="RecordRead{TRevision, TCurrent, TWith}"/>).
    /// </summary>
    public static async Task<Results<Ok<TDto>, ProblemHttpResult>> ReadOneAsync<TRevision, TCurrent, TWith, TDto>(
        this RecordSet<TRevision, TCurrent> records, RecordRead<TRevision, TCurrent, TWith> read, Guid id, string what, DateOnly date,
        DateTimeOffset? knownAt, HttpContext http, Func<TRevision, TWith, Task<TDto>> answer, CancellationToken cancellationToken)
        where TRevision : Revision, new()
        where TCurrent : Revision, new()
    {
        var (row, latestVersion, shown) = await records.ReadAsync(read, id, date, knownAt, cancellationToken);
        return row is not null
            ? TypedResults.Ok(await answer(row, shown!)).WithETag(http, latestVersion)
            : await NotFoundAsync(records, id, what, date, knownAt, cancellationToken);
    }

    private static async Task<ProblemHttpResult> NotFoundAsync<TRevision, TCurrent>(RecordSet<TRevision, TCurrent> records, Guid id, string what,
        DateOnly date, DateTimeOffset? knownAt, CancellationToken cancellationToken)
        where TRevision : Revision, new()
        where TCurrent : Revision, new()
    {
        if (!await records.Current.AnyAsync(r => r.EntityId == id, cancellationToken))
        {
            return Problems.NotFound(what, id);
        }

        var when = knownAt is { } moment ? $" as recorded by {moment:yyyy-MM-dd HH:mm:ss}Z" : "";
        return TypedResults.Problem($"The {what} {id} was not in the register on {date:yyyy-MM-dd}{when}.", statusCode: StatusCodes.Status404NotFound,
            title: "Not found on that date");
    }
}
