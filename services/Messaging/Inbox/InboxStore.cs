using Microsoft.EntityFrameworkCore;
using Npgsql;

// Table names are interpolated from the EF model (never from input); values go in as parameters.
#pragma warning disable EF1002

namespace Nacka.Messaging.Inbox;

internal static class InboxStore
{
    /// <summary>
    /// Records that <paramref name="consumer"/> handles <paramref name="eventId"/>; false when it
    /// already did. A concurrent duplicate waits on the primary key until the first commits or
    /// rolls back, so exactly one of them applies the effect.
    /// </summary>
    public static async Task<bool> TryRecordAsync(DbContext db, Guid eventId, string consumer, string type, CancellationToken cancellationToken)
    {
        var table = db.QualifiedTable<InboxMessage>();
        var inserted = await db.Database.ExecuteSqlRawAsync(
            $"INSERT INTO {table} (event_id, consumer, type, received_at) VALUES (@id, @consumer, @type, now()) ON CONFLICT DO NOTHING",
            [new NpgsqlParameter("id", eventId), new NpgsqlParameter("consumer", consumer), new NpgsqlParameter("type", type)],
            cancellationToken);
        return inserted == 1;
    }

    public static Task<int> DeleteExpiredAsync(DbContext db, TimeSpan retention, CancellationToken cancellationToken)
    {
        var table = db.QualifiedTable<InboxMessage>();
        return db.Database.ExecuteSqlRawAsync($"DELETE FROM {table} WHERE received_at < now() - @retention",
            [new NpgsqlParameter("retention", retention)], cancellationToken);
    }
}
