using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Nacka.Persistence;

public static class TransactionExtensions
{
    /// <summary>
    /// Runs <paramref name="work"/> in an explicit transaction inside the DbContext's execution
    /// strategy: Aspire's Npgsql integration retries transient failures, and an explicit transaction
    /// outside the strategy throws. Each attempt starts from a clean change tracker; the work decides
    /// whether to commit (an uncommitted transaction rolls back when disposed). No savepoints: EF
    /// would otherwise set one before every SaveChanges inside the transaction (a round trip each) so
    /// that a failed save could be caught and the transaction go on; here a failure ends the attempt.
    /// </summary>
    public static Task<T> InTransactionAsync<T>(this DbContext db, Func<IDbContextTransaction, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            db.Database.AutoSavepointsEnabled = false;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            return await work(transaction, ct);
        }, cancellationToken);
}
