using Microsoft.EntityFrameworkCore;
using Nacka.Persistence;
using Npgsql;

namespace Nacka.Units.Api;

public static class Transactions
{
    /// <summary>
    /// Runs a write in one transaction and commits it only when the answer is a success. A
    /// concurrent change of the same version collides on the revision's primary key and is
    /// answered with 412, as a stale If-Match would be.
    /// </summary>
    public static async Task<IResult> WriteAsync<TContext>(this TContext db, Func<CancellationToken, Task<IResult>> write, CancellationToken cancellationToken)
        where TContext : DbContext
    {
        try
        {
            return await db.InTransactionAsync(async (transaction, ct) =>
            {
                var result = await write(ct);
                if (result is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 })
                {
                    await transaction.CommitAsync(ct);
                }

                return result;
            }, cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return TypedResults.Problem("Someone else changed this resource at the same time; read it again and retry.",
                statusCode: StatusCodes.Status412PreconditionFailed, title: "Concurrent change");
        }
    }

    /// <summary>Serialises writes that check the same uniqueness key (a name, an identifier) until commit.</summary>
    public static Task LockAsync(this DbContext db, string key, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({key}))", ct);
}
