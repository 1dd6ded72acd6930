using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nacka.Persistence;
using Nacka.Records.Http;
using Nacka.Records.Idempotency;
using Nacka.Records.Revisions;
using Nacka.Rules;
using Npgsql;

namespace Nacka.Records.Writes;

/// <summary>The one way a service changes its records.</summary>
public static class RecordWrites
{
    /// <summary>
    /// Runs <paramref name="write"/> (load → check version → domain rule → append revisions and
    /// events) in one transaction, inside the execution strategy: a transient database error
    /// retries the whole attempt from a clean change tracker, so <paramref name="write"/> must keep
    /// everything it builds inside itself. A broken rule rolls back and answers with Problem
    /// Details. A success saves, stores the Idempotency-Key's answer (when the request has one) in
    /// the same transaction, and commits: the effect, its events and the replayable answer exist
    /// together or not at all. A unique index violated at save is answered with the rule it
    /// guards (<see cref="IUniqueRules"/>), a revision key collision as a concurrent change (412), an
    /// exclusion constraint over dates (at save or, deferred, at commit) with its rule too.
    /// A request sent without <c>If-Match</c> asked for no particular version, so when it meets a
    /// concurrent change (another write took the next version first) the whole write runs again,
    /// up to <see cref="AttemptsWithoutIfMatch"/> times, on the record as that write left it: the
    /// rule then answers (taken, or refused with its code) instead of a 412 the caller never asked
    /// for. With <c>If-Match</c> the caller named the version it saw: 412, as HTTP says.
    /// </summary>
    public static async Task<Results<TSuccess, ProblemHttpResult, IdempotentReplay>> WriteAsync<TContext, T, TSuccess>(
        this TContext db, HttpContext http, Func<CancellationToken, Task<Outcome<T>>> write, Func<T, TSuccess> answer, CancellationToken cancellationToken)
        where TContext : DbContext
        where TSuccess : IResult
    {
        var retries = http.Request.Headers.IfMatch.Count == 0 ? AttemptsWithoutIfMatch - 1 : 0;
        while (true)
        {
            var result = await AttemptAsync(db, http, write, answer, cancellationToken);
            if (result is not null)
            {
                return result;
            }

            if (retries-- == 0)
            {
                return TypedResults.Problem("Someone else changed this record at the same time; read it again and retry.",
                    statusCode: StatusCodes.Status412PreconditionFailed, title: "Concurrent change");
            }
        }
    }

    /// <summary>How many times a write sent without <c>If-Match</c> is tried when concurrent changes take the version it meant to write.</summary>
    public const int AttemptsWithoutIfMatch = 3;

    /// <summary>One attempt; null when a concurrent change took the version it meant to write (a revision key collision).</summary>
    private static async Task<Results<TSuccess, ProblemHttpResult, IdempotentReplay>?> AttemptAsync<TContext, T, TSuccess>(
        TContext db, HttpContext http, Func<CancellationToken, Task<Outcome<T>>> write, Func<T, TSuccess> answer, CancellationToken cancellationToken)
        where TContext : DbContext
        where TSuccess : IResult
    {
        var idempotency = http.Features.Get<IdempotencyRequest>();
        try
        {
            return await db.InTransactionAsync<Results<TSuccess, ProblemHttpResult, IdempotentReplay>>(async (transaction, ct) =>
            {
                if (idempotency is not null && await IdempotencyStore.ClaimAsync(db, idempotency, ct) is { } earlier)
                {
                    return new IdempotentReplay(IdempotencyStore.Replay(http, earlier, idempotency));
                }

                var outcome = await write(ct);
                if (!outcome.Succeeded)
                {
                    return Problems.For(outcome.Errors);
                }

                var result = answer(outcome.Value!);
                await db.SaveChangesAsync(ct);
                if (idempotency is not null)
                {
                    await IdempotencyStore.CompleteAsync(db, idempotency, result, http, ct);
                }

                await transaction.CommitAsync(ct);
                return result;
            }, cancellationToken);
        }
        catch (ChangedLaterException ex)
        {
            return Problems.For(DomainError.Conflict("changed-later", ex.Message));
        }
        catch (Exception ex) when (ExclusionViolated(ex) is { } violation)
        {
            // An exclusion constraint over dates ("one at a time on any day"), checked at commit: the rule it keeps.
            return db is IUniqueRules rules && rules.Explain(violation.ConstraintName) is { } broken
                ? Problems.For(broken)
                : Problems.For(DomainError.Conflict("overlaps", "Another record holds on one of these days."));
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } violation)
        {
            if (db is IUniqueRules rules && rules.Explain(violation.ConstraintName) is { } broken)
            {
                return Problems.For(broken);
            }

            return null; // a revision key collision: another write took the version first
        }
    }

    private static PostgresException? ExclusionViolated(Exception ex) => ex switch
    {
        PostgresException { SqlState: PostgresErrorCodes.ExclusionViolation } violation => violation,
        DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.ExclusionViolation } violation } => violation,
        _ => null,
    };
}
