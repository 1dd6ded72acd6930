using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Nacka.Messaging.Outbox;

/// <summary>
/// Wakes the outbox's two loops, one after the other: a write's commit wakes the sequencer (a
/// statement-level trigger on the outbox table, <see cref="OutboxWakeTrigger"/>, calls
/// <c>pg_notify</c> inside the inserting statement, so a write costs no round trip for it), and
/// the sequencer's commit wakes the dispatcher, on a channel of its own (unless it claimed the rows for a waiting dispatcher
/// and handed them over, <see cref="OutboxHandoff"/>, which wakes it directly). Woken by the write
/// itself, the dispatcher met the rows the sequencer was numbering (locked, so its claim passed
/// over them) and had to be woken again: two claims, two backlog counts and two transactions per
/// event instead of one. PostgreSQL <c>NOTIFY</c> is transactional: inside an explicit transaction
/// it is delivered on commit, never before, a rolled-back change wakes nobody, and one
/// transaction's notifications on a channel are folded into one. Both loops' slow poll covers a
/// lost notification.
/// </summary>
internal static class OutboxNotifier
{
    /// <summary>The channel a commit of outbox rows notifies (the sequencer listens).</summary>
    public static string ChannelFor(string schema) => $"nacka_outbox_{schema}";

    /// <summary>The channel the sequencer's commit notifies (the dispatcher listens).</summary>
    public static string SequencedChannelFor(string schema) => $"nacka_outbox_{schema}_sequenced";

    /// <summary>
    /// Opens a connection of its own to <paramref name="db"/>'s database (not from the pool) and LISTENs on the channel
    /// <paramref name="channelFor"/> names for its outbox's schema; the caller waits through <see cref="NotificationWakes"/>
    /// and disposes it. Pooled connections are handed on without a reset (<see cref="Persistence.ServiceDatabaseExtensions"/>),
    /// so no session state such as a LISTEN may be left on one.
    /// </summary>
    public static async Task<NpgsqlConnection> ListenAsync(DbContext db, Func<string, string> channelFor, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var listen = new NpgsqlCommand($"LISTEN \"{channelFor(db.SchemaOf<OutboxMessage>())}\"", connection);
            await listen.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Wakes the dispatcher of <paramref name="db"/>'s outbox; inside a transaction, on its commit.</summary>
    public static Task NotifySequencedAsync(DbContext db, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync("SELECT pg_notify({0}, '')", [SequencedChannelFor(db.SchemaOf<OutboxMessage>())], cancellationToken);
}
