using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nacka.Records.Changes;
using Nacka.Records.Http;
using Nacka.Records.Revisions;
using Nacka.Rules;

namespace Nacka.Records.Writes;

public static class RecordChanges
{
    /// <summary>
    /// The common path of every change to one existing record, as one retried write: its current
    /// row is loaded and checked against If-Match (404/412), then <paramref name="apply"/> lets the
    /// domain rule decide, stages the new revision and builds the answer. Answers 200 with the
    /// record's new version as ETag.
    /// </summary>
    /// <param name="db">The service's context.</param>
    /// <param name="records">The kind of record changed.</param>
    /// <param name="id">The record's id.</param>
    /// <param name="what">What the record is called in a 404 (<c>committee</c>).</param>
    /// <param name="http">The request (If-Match, Idempotency-Key, caller).</param>
    /// <param name="change">Why, from when and by whom.</param>
    /// <param name="at">When it is recorded.</param>
    /// <param name="apply">Decides and stages the change on the loaded target; returns the answer or the broken rules.</param>
    /// <param name="version">The answer's version, for its ETag.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static Task<Results<Ok<TAnswer>, ProblemHttpResult, IdempotentReplay>> ChangeAsync<TContext, TRevision, TCurrent, TAnswer>(
        this TContext db, RecordSet<TRevision, TCurrent> records, Guid id, string what, HttpContext http, ChangeInfo change, DateTimeOffset at,
        Func<ChangeTarget<TCurrent>, CancellationToken, Task<Outcome<TAnswer>>> apply, Func<TAnswer, int> version, CancellationToken cancellationToken)
        where TContext : DbContext
        where TRevision : Revision, new()
        where TCurrent : Revision, new() =>
        db.WriteAsync(http, async ct =>
        {
            var target = await records.LoadForChangeAsync(id, what, http.Request, change, at, ct);
            return target.Succeeded ? await apply(target.Value!, ct) : target.Fail<TAnswer>();
        }, answer => TypedResults.Ok(answer).WithETag(http, version(answer)), cancellationToken);
}
