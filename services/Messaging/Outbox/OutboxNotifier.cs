using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Nacka.Messaging.Outbox;

/// <summary>
/// Wakes the dispatcher and the sequencer the moment outbox rows are written: a statement-level
/// trigger on the outbox table (<see cref="OutboxWakeTrigger"/>) calls <c>pg_notify</c> inside
/// the inserting statement, so a write costs no round trip for it. PostgreSQL <c>NOTIFY</c> is
/// transactional: inside an explicit transaction it is delivered on commit, never before, a
/// rolled-back change wakes nobody, and one transaction's notifications on a channel are folded
/// into one. The dispatcher's slow poll covers a lost notification.
/// </summary>
internal static class OutboxNotifier
{
    public static string ChannelFor(string schema) => $"nacka_outbox_{schema}";

    /// <summary>
    /// Opens a connection of its own to <paramref name="db"/>'s database (not from the pool) and LISTENs on its outbox
    /// channel; the caller waits with <c>connection.WaitAsync(timeout)</c> and disposes it. Pooled connections are handed
    /// on without a reset (<see cref="Persistence.ServiceDatabaseExtensions"/>), so no session state such as a LISTEN may
    /// be left on one.
    /// </summary>
    public static async Task<NpgsqlConnection> ListenAsync(DbContext db, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var listen = new NpgsqlCommand($"LISTEN \"{ChannelFor(db.SchemaOf<OutboxMessage>())}\"", connection);
            await listen.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Wakes the dispatcher (and the sequencer) of <paramref name="db"/>'s outbox; inside a transaction, on its commit.</summary>
    public static Task NotifyAsync(DbContext db, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync("SELECT pg_notify({0}, '')", [ChannelFor(db.SchemaOf<OutboxMessage>())], cancellationToken);
}
