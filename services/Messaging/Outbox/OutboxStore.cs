using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

// Table names are interpolated from the EF model (never from input); values go in as parameters.
#pragma warning disable EF1002

namespace Nacka.Messaging.Outbox;

/// <summary>The dispatcher's SQL, against the service's own outbox table.</summary>
internal static class OutboxStore
{
    /// <summary>
    /// Leases up to <paramref name="batchSize"/> unsent rows, oldest first, for <paramref name="lease"/>.
    /// <c>SKIP LOCKED</c> and the lease let replicas claim disjoint rows; a row is only eligible
    /// when its entity has no earlier unsent row (leased by another replica or not), so one
    /// entity's events leave in version order. That test is a correlated <c>min</c>, answered per
    /// row from <c>ix_outbox_unsent_by_subject</c> whatever the statistics say: as <c>NOT EXISTS</c>,
    /// statistics gathered while nothing was unsent (before an outage) made the planner compare every
    /// unsent row with every other, 0.66 s per claim at 2,000 (see docs/benchmarks.md). One statement,
    /// which commits on its own: one round trip, no explicit transaction.
    /// </summary>
    public static async Task<List<OutboxMessage>> ClaimAsync(DbContext db, int batchSize, TimeSpan lease, CancellationToken cancellationToken)
    {
        var rows = await db.Set<OutboxMessage>().FromSqlRaw(ClaimSql(db.QualifiedTable<OutboxMessage>()), new NpgsqlParameter("lease", lease),
            new NpgsqlParameter("batch", batchSize)).AsNoTracking().ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.Id)];
    }

    /// <summary>The claim's statement (parameters <c>@lease</c>, <c>@batch</c>), for <see cref="ClaimAsync"/> and the test of its plan.</summary>
    internal static string ClaimSql(string table) => $"""
        UPDATE {table} SET locked_until = now() + @lease
        WHERE id IN (
            SELECT o.id FROM {table} o
            WHERE o.sent_at IS NULL AND (o.locked_until IS NULL OR o.locked_until < now())
              AND o.id = (SELECT min(e.id) FROM {table} e WHERE e.sent_at IS NULL AND e.subject_id = o.subject_id)
            ORDER BY o.id
            LIMIT @batch
            FOR UPDATE OF o SKIP LOCKED)
        RETURNING *
        """;

    /// <summary>Gives leased rows back (a publish failed before them), so the next wake retries them at once.</summary>
    public static Task<int> ReleaseAsync(DbContext db, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        return db.Database.ExecuteSqlRawAsync(ReleaseSql(db.QualifiedTable<OutboxMessage>()), [new NpgsqlParameter("ids", ids.ToArray())],
            cancellationToken);
    }

    /// <summary>
    /// Ends a published batch in one round trip and one transaction: marks <paramref name="sent"/> sent (the broker confirmed
    /// them), records <paramref name="failure"/> on its row, gives <paramref name="unsent"/> back, and with
    /// <paramref name="countWhatIsLeft"/> returns the backlog left after it.
    /// </summary>
    public static Task<Backlog?> MarkAsync(DbContext db, IReadOnlyList<long> sent, (long Id, string Error)? failure, IReadOnlyList<long> unsent,
        bool countWhatIsLeft, CancellationToken cancellationToken)
    {
        var table = db.QualifiedTable<OutboxMessage>();
        return InOneRoundTripAsync(db, () =>
        {
            var batch = new NpgsqlBatch();
            if (sent.Count > 0)
            {
                batch.BatchCommands.Add(new(MarkSentSql(table)) { Parameters = { new("ids", sent.ToArray()) } });
            }

            if (failure is { } failed)
            {
                batch.BatchCommands.Add(new(RecordFailureSql(table))
                {
                    Parameters = { new("error", failed.Error.Length > 2000 ? failed.Error[..2000] : failed.Error), new("id", failed.Id) },
                });
            }

            if (unsent.Count > 0)
            {
                batch.BatchCommands.Add(new(ReleaseSql(table)) { Parameters = { new("ids", unsent.ToArray()) } });
            }

            if (countWhatIsLeft)
            {
                batch.BatchCommands.Add(new(BacklogSql(table)));
            }

            return batch;
        }, async (reader, ct) => countWhatIsLeft && await reader.ReadAsync(ct)
            ? new Backlog(reader.GetInt64(0), await reader.IsDBNullAsync(1, ct) ? null : reader.GetFieldValue<DateTimeOffset>(1))
            : null, cancellationToken);
    }

    /// <summary>The mark's statement (parameter <c>@ids</c>), for <see cref="MarkAsync"/> and the test of its plan.</summary>
    internal static string MarkSentSql(string table) =>
        $"{LockedInIdOrder(table)} UPDATE {table} o SET sent_at = now(), attempts = o.attempts + 1, last_error = NULL FROM locked WHERE o.id = locked.id";

    private static string ReleaseSql(string table) => $"{LockedInIdOrder(table)} UPDATE {table} o SET locked_until = NULL FROM locked WHERE o.id = locked.id";

    /// <summary>
    /// <c>locked</c>: the still unsent rows among <c>@ids</c>, locked in id order before they are updated. The sequencer locks the
    /// rows it numbers in id order too, so the two never wait for each other in a circle: updated in the order the plan met them (a
    /// bitmap scan follows the heap), marking rows sent and numbering them deadlocked three times in two minutes of the 100,000-unit
    /// bench, each costing a second (<c>deadlock_timeout</c>) before PostgreSQL broke it. "Still unsent" is tested here, where the
    /// lock rechecks it, and the rows are materialised once: with the test on the updated table instead, statistics gathered while
    /// nothing was unsent (before an outage) let the prepared statement's generic plan scan every unsent row and lock the 500 ids
    /// again for each — 4–6 s per batch of a 10,000-event drain, the drain's "pause" in the bench (see docs/benchmarks.md). The ids
    /// drive the lookup (a join from <c>unnest(@ids)</c>, each found by its key): as <c>id = ANY(@ids)</c>, the same stale statistics
    /// made a full read of an "empty" unsent index look cheaper than ten lookups, and once the outbox had fewer indexes the generic
    /// plan read all 10,000 unsent rows for a batch of 500 (22,640 pages in the test, against about 4,000).
    /// </summary>
    private static string LockedInIdOrder(string table) =>
        $"WITH locked AS MATERIALIZED (SELECT o.id FROM unnest(@ids) AS ids(id) JOIN {table} o ON o.id = ids.id WHERE o.sent_at IS NULL "
        + "ORDER BY o.id FOR UPDATE OF o)";

    /// <summary>
    /// Gives committed rows their feed positions, whether or not they have been published: the
    /// feed is the subscribers' way back after an outage, so it must not wait for the broker.
    /// One sequencer at a time (an advisory lock held until commit) numbers the rows it can see,
    /// continuing from the highest position: positions are gap-free and become visible in the order
    /// they were given, so a reader that has seen N never later finds a smaller one appear. A row
    /// whose transaction commits late simply gets a later position; it is never skipped, as a
    /// position reserved inside the writing transaction would be (Marten's high-water-mark trap).
    /// The rows are locked in id order first, as the dispatcher locks the rows it marks (see <see cref="LockedInIdOrder"/>).
    /// With <paramref name="claim"/>, it then claims for the dispatcher with the dispatcher's own statement (<see cref="ClaimSql"/>,
    /// which sees this transaction's numbering) and notifies the dispatcher only if unsent numbered rows are left that nobody
    /// holds; without it, it notifies. One round trip and one transaction (<see cref="InOneRoundTripAsync"/>).
    /// </summary>
    public static Task<Sequenced> SequenceAsync(DbContext db, int batchSize, (int BatchSize, TimeSpan Lease)? claim,
        CancellationToken cancellationToken)
    {
        var table = db.QualifiedTable<OutboxMessage>();
        NpgsqlBatchCommand numbering = null!;
        return InOneRoundTripAsync(db, () =>
        {
            numbering = new NpgsqlBatchCommand($"""
                WITH pending AS (SELECT id FROM {table} WHERE position IS NULL ORDER BY id LIMIT @batch FOR UPDATE),
                numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM pending),
                base AS (SELECT COALESCE(MAX(position), 0) AS p FROM {table})
                UPDATE {table} o SET position = base.p + numbered.rn
                FROM numbered, base
                WHERE o.id = numbered.id
                """) { Parameters = { new("batch", batchSize) } };
            var batch = new NpgsqlBatch
            {
                BatchCommands = { new($"SELECT pg_advisory_xact_lock(hashtext('{table}:sequencer'))"), numbering },
            };
            var channel = new NpgsqlParameter("channel", OutboxNotifier.SequencedChannelFor(db.SchemaOf<OutboxMessage>()));
            if (claim is { } take)
            {
                batch.BatchCommands.Add(new(ClaimSql(table)) { Parameters = { new("lease", take.Lease), new("batch", take.BatchSize) } });
                // Rows the claim left (another replica holds an earlier event of their entity, or more than a batch): their
                // dispatcher, or this one after its mark, takes them; the notification wakes whichever waits.
                batch.BatchCommands.Add(new($"""
                    SELECT pg_notify(@channel, '') WHERE EXISTS (SELECT 1 FROM {table}
                        WHERE sent_at IS NULL AND position IS NOT NULL AND (locked_until IS NULL OR locked_until < now()))
                    """) { Parameters = { channel } });
            }
            else
            {
                // The dispatcher claims the numbered rows once the batch commits and they are free. Sent whether or not
                // anything was numbered (the count is known only after the batch): a round that numbered nothing is rare,
                // since this loop is woken by commits of new rows, and costs the dispatcher one empty claim.
                batch.BatchCommands.Add(new("SELECT pg_notify(@channel, '')") { Parameters = { channel } });
            }

            return batch;
        }, async (reader, ct) =>
        {
            List<OutboxMessage> claimed = [];
            do
            {
                // The claim's RETURNING * is the only result of more than one column (the lock's and the notification's have one).
                if (reader.FieldCount > 1)
                {
                    claimed = await ReadRowsAsync(db, reader, ct);
                }
            }
            while (await reader.NextResultAsync(ct));

            await reader.DisposeAsync();
            return new Sequenced(numbering.RecordsAffected, [.. claimed.OrderBy(r => r.Id)]);
        }, cancellationToken);
    }

    /// <summary>What a round of the sequencer numbered, and what it claimed for the dispatcher (empty unless asked to).</summary>
    public sealed record Sequenced(int Numbered, List<OutboxMessage> Claimed);

    /// <summary>Outbox rows from a statement's <c>RETURNING *</c>, each column found by the name the EF model gives it.</summary>
    private static async Task<List<OutboxMessage>> ReadRowsAsync(DbContext db, NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var entity = db.Model.FindEntityType(typeof(OutboxMessage))!;
        var store = StoreObjectIdentifier.Create(entity, StoreObjectType.Table)!.Value;
        var columns = entity.GetProperties().Select(p => (Property: p.PropertyInfo!, Ordinal: reader.GetOrdinal(p.GetColumnName(store)!))).ToList();
        var rows = new List<OutboxMessage>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new OutboxMessage();
            foreach (var (property, ordinal) in columns)
            {
                var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                property.SetValue(row, await reader.IsDBNullAsync(ordinal, cancellationToken) ? null
                    : type == typeof(DateTimeOffset) ? reader.GetFieldValue<DateTimeOffset>(ordinal) : reader.GetValue(ordinal));
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// Runs a batch of statements in one round trip. Without an explicit transaction PostgreSQL runs a batch in one implicit
    /// transaction (Npgsql sends a single Sync after it): all of it commits together or none of it, and an advisory lock taken by
    /// its first statement holds until its last. Inside the DbContext's execution strategy, which may run it again after a
    /// transient failure (a failed batch changed nothing).
    /// </summary>
    private static Task<T> InOneRoundTripAsync<T>(DbContext db, Func<NpgsqlBatch> build, Func<NpgsqlDataReader, CancellationToken, Task<T>> read,
        CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await using var batch = build();
                batch.Connection = (NpgsqlConnection)db.Database.GetDbConnection();
                await using var reader = await batch.ExecuteReaderAsync(ct);
                return await read(reader, ct);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }, cancellationToken);

    private static string RecordFailureSql(string table) =>
        $"UPDATE {table} SET attempts = attempts + 1, last_error = @error, locked_until = NULL WHERE id = @id";

    public sealed record Backlog(long Count, DateTimeOffset? Oldest);

    public static async Task<Backlog> ReadBacklogAsync(DbContext db, CancellationToken cancellationToken)
    {
        var table = db.QualifiedTable<OutboxMessage>();
        var rows = await db.Database.SqlQueryRaw<BacklogRow>(BacklogSql(table)).ToListAsync(cancellationToken);
        return new Backlog(rows[0].Count, rows[0].Oldest);
    }

    private static string BacklogSql(string table) => $"SELECT count(*) AS \"Count\", min(recorded_at) AS \"Oldest\" FROM {table} WHERE sent_at IS NULL";

    /// <summary>
    /// Deletes the feed's oldest rows while they were sent longer than <paramref name="retention"/> ago: from the first position up
    /// to the first row still kept (sent within retention, or unsent), and never the newest, so positions continue. The feed stays
    /// one unbroken run of positions (a row kept past its time holds the ones after it), and finding where to stop reads the
    /// position index from its start, as far as there is something to delete: the outbox keeps no index on <c>sent_at</c>.
    /// </summary>
    public static Task<int> DeleteExpiredAsync(DbContext db, TimeSpan retention, CancellationToken cancellationToken)
    {
        return db.Database.ExecuteSqlRawAsync(DeleteExpiredSql(db.QualifiedTable<OutboxMessage>()), [new NpgsqlParameter("retention", retention)],
            cancellationToken);
    }

    /// <summary>The retention's statement (parameter <c>@retention</c>), for <see cref="DeleteExpiredAsync"/> and the test of its plan.</summary>
    internal static string DeleteExpiredSql(string table) => $"""
        DELETE FROM {table} WHERE position < LEAST(
            (SELECT max(position) FROM {table}),
            (SELECT position FROM {table}
             WHERE position IS NOT NULL AND (sent_at IS NULL OR sent_at >= now() - @retention) ORDER BY position LIMIT 1))
        """;

    internal sealed record BacklogRow(long Count, DateTimeOffset? Oldest);
}
