using Microsoft.EntityFrameworkCore;
using Npgsql;

// Table names are interpolated from the EF model (never from input); values go in as parameters.
#pragma warning disable EF1002

namespace Nacka.Messaging.Outbox;

/// <summary>The dispatcher's SQL, against the service's own outbox table.</summary>
internal static class OutboxStore
{
    /// <summary>
    /// Claims up to <paramref name="batchSize"/> unsent rows, oldest first. <c>SKIP LOCKED</c> lets
    /// replicas claim disjoint rows; a row is only eligible when its entity has no earlier unsent
    /// row (locked by another replica or not), so one entity's events leave in version order.
    /// </summary>
    public static Task<List<OutboxMessage>> ClaimAsync(DbContext db, int batchSize, CancellationToken cancellationToken)
    {
        var table = db.QualifiedTable<OutboxMessage>();
        return db.Set<OutboxMessage>().FromSqlRaw($"""
            SELECT o.* FROM {table} o
            WHERE o.sent_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM {table} e WHERE e.sent_at IS NULL AND e.subject_id = o.subject_id AND e.id < o.id)
            ORDER BY o.id
            LIMIT @batch
            FOR UPDATE OF o SKIP LOCKED
            """, new NpgsqlParameter("batch", batchSize)).AsNoTracking().ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Marks rows sent and gives them feed positions. The advisory lock is held until commit, so
    /// positions become visible in the order they were assigned: a feed reader that has seen
    /// position N never later finds a smaller one appear. Positions are gap-free.
    /// </summary>
    public static Task<int> MarkSentAsync(DbContext db, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        var table = db.QualifiedTable<OutboxMessage>();
        return db.Database.ExecuteSqlRawAsync($"""
            SELECT pg_advisory_xact_lock(hashtext('{table}'));
            WITH numbered AS (
                SELECT id, row_number() OVER (ORDER BY id) AS rn FROM {table} WHERE id = ANY(@ids) AND sent_at IS NULL),
            base AS (SELECT COALESCE(MAX(position), 0) AS p FROM {table})
            UPDATE {table} o
            SET sent_at = now(), position = base.p + numbered.rn, attempts = o.attempts + 1, last_error = NULL
            FROM numbered, base
            WHERE o.id = numbered.id
            """, [new NpgsqlParameter("ids", ids.ToArray())], cancellationToken);
    }

    public static Task RecordFailureAsync(DbContext db, long id, string error, CancellationToken cancellationToken)
    {
        var table = db.QualifiedTable<OutboxMessage>();
        return db.Database.ExecuteSqlRawAsync(
            $"UPDATE {table} SET attempts = attempts + 1, last_error = @error WHERE id = @id",
            [new NpgsqlParameter("error", error.Length > 2000 ? error[..2000] : error), new NpgsqlParameter("id", id)],
            cancellationToken);
    }

    public sealed record Backlog(long Count, DateTimeOffset? Oldest);

    public static async Task<Backlog> ReadBacklogAsync(DbContext db, CancellationToken cancellationToken)
    {
        var table = db.QualifiedTable<OutboxMessage>();
        var rows = await db.Database.SqlQueryRaw<BacklogRow>(
            $"SELECT count(*) AS \"Count\", min(recorded_at) AS \"Oldest\" FROM {table} WHERE sent_at IS NULL").ToListAsync(cancellationToken);
        return new Backlog(rows[0].Count, rows[0].Oldest);
    }

    /// <summary>Deletes sent rows past retention, always keeping the newest so positions continue.</summary>
    public static Task<int> DeleteExpiredAsync(DbContext db, TimeSpan retention, CancellationToken cancellationToken)
    {
        var table = db.QualifiedTable<OutboxMessage>();
        return db.Database.ExecuteSqlRawAsync(
            $"DELETE FROM {table} WHERE sent_at < now() - @retention AND position < (SELECT MAX(position) FROM {table})",
            [new NpgsqlParameter("retention", retention)], cancellationToken);
    }

    internal sealed record BacklogRow(long Count, DateTimeOffset? Oldest);
}
