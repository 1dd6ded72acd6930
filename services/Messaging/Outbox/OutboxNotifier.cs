using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Nacka.Messaging.Outbox;

/// <summary>
/// Wakes the dispatcher the moment outbox rows are saved: PostgreSQL <c>NOTIFY</c> is
/// transactional, so inside an explicit transaction it is delivered on commit, never before, and
/// a rolled-back change wakes nobody. The dispatcher's slow poll covers a lost notification.
/// </summary>
internal sealed class OutboxNotifier(ILogger<OutboxNotifier> logger) : SaveChangesInterceptor
{
    private static readonly ConditionalWeakTable<DbContext, object> Pending = [];

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

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Remember(eventData.Context);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Remember(eventData.Context);
        return base.SavingChanges(eventData, result);
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && Pending.TryGetValue(db, out _))
        {
            Pending.Remove(db);
            try
            {
                await NotifyAsync(db, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The rows are saved; the dispatcher's poll will find them a little later.
                logger.LogWarning(ex, "Could not notify the outbox dispatcher");
            }
        }

        return await base.SavedChangesAsync(eventData, result, cancellationToken);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { } db && Pending.TryGetValue(db, out _))
        {
            Pending.Remove(db);
            try
            {
                db.Database.ExecuteSqlRaw("SELECT pg_notify({0}, '')", [ChannelFor(db.SchemaOf<OutboxMessage>())]);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Could not notify the outbox dispatcher");
            }
        }

        return base.SavedChanges(eventData, result);
    }

    private static void Remember(DbContext? db)
    {
        if (db is not null && db.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added))
        {
            Pending.AddOrUpdate(db, new object());
        }
    }
}
