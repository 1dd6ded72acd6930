using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Nacka.Persistence;

/// <summary>
/// Each service owns one PostgreSQL database, reached through the Aspire connection string of the
/// same name (<c>unitsdb</c>, <c>mandatesdb</c>...). The Aspire integration brings pooling, the
/// database health check, Npgsql tracing and metrics, and a retrying execution strategy.
/// </summary>
public static class ServiceDatabaseExtensions
{
    /// <summary>Connections one service process may hold (Npgsql's default is 100): a cap, so several
    /// replicas fit the server's <c>max_connections</c>; requests past it wait for a free connection.</summary>
    public const int DefaultMaxPoolSize = 25;

    /// <summary>
    /// Statements each connection keeps prepared once used five times (Npgsql's automatic preparation; its default is off).
    /// Unprepared, PostgreSQL parses and plans every statement on every call: a unit read spent 1.05 ms of server CPU that
    /// way, 0.45 ms prepared (docs/benchmarks.md). A service issues a few dozen distinct statements; the rest take turns.
    /// </summary>
    public const int DefaultMaxAutoPrepare = 100;

    private static readonly string[] PoolSizeKeywords = ["Maximum Pool Size", "Max Pool Size", "MaxPoolSize"];

    private static readonly string[] AutoPrepareKeywords = ["Max Auto Prepare", "MaxAutoPrepare"];

    private static readonly string[] ResetKeywords = ["No Reset On Close", "NoResetOnClose"];

    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder, string connectionName)
        where TContext : DbContext
    {
        var maxPoolSize = builder.Configuration.GetValue("Database:MaxPoolSize", DefaultMaxPoolSize);
        var maxAutoPrepare = builder.Configuration.GetValue("Database:MaxAutoPrepare", DefaultMaxAutoPrepare);
        builder.AddNpgsqlDbContext<TContext>(connectionName, settings =>
        {
            if (settings.ConnectionString is null)
            {
                return;
            }

            // A pool size or an automatic preparation in the connection string itself wins.
            var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = settings.ConnectionString };
            var target = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
            if (!PoolSizeKeywords.Any(given.ContainsKey))
            {
                target.MaxPoolSize = maxPoolSize;
            }

            if (!AutoPrepareKeywords.Any(given.ContainsKey))
            {
                target.MaxAutoPrepare = maxAutoPrepare;
            }

            // A pooled connection goes back without the reset Npgsql would send before its next use (seven statements, a
            // third of a unit read's server CPU once statements are prepared). The services leave no session state on one:
            // locks are transaction-scoped, the outbox LISTENs on a connection of its own, and an open transaction is still
            // rolled back.
            if (!ResetKeywords.Any(given.ContainsKey))
            {
                target.NoResetOnClose = true;
            }

            settings.ConnectionString = target.ConnectionString;
        }, options => options.ConfigureWarnings(warnings => warnings
            // A list's count takes "at most n" matches in no order on purpose (Nacka.Records.Paging.ListPages); pages are always ordered.
            .Ignore(Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.RowLimitingOperationWithoutOrderByWarning)
            // A save or commit that fails throws, and whoever called it says what it meant: the write pipeline answers a rule's
            // constraint (a name taken, checked at commit) with 409, anything else reaches the host's error log as a 500, a
            // consumer's failure MassTransit's. EF Core's own error entry for the same exception made every refused name an
            // error on the dashboard (DatedUniquenessTests.A_name_refused_at_commit_is_a_409_and_no_error_in_the_log).
            .Log((Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.TransactionError, LogLevel.Information),
                (Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.SaveChangesFailed, LogLevel.Information))));
        // Writes wait for this database's connections: past what the pool and the CPU can take, they are turned away at once.
        builder.AddWriteAdmission();
        return builder;
    }

    /// <summary>
    /// Applies the committed migrations before the service takes traffic, so no request ever sees
    /// an old schema. Replicas starting together take turns: each holds a PostgreSQL advisory lock
    /// on its database while it looks for and applies pending migrations, so the first applies them
    /// and the others find none. (EF Core's own migration lock did not stop two replicas from both
    /// running CREATE TABLE: the fault suite's first start with two replicas failed that way.)
    /// </summary>
    /// <returns>
    /// Whether the service should go on to serve. <c>Database:Migrate</c> decides: <c>OnStart</c>
    /// (default) migrates, then serves; <c>Only</c> migrates and stops (a Kubernetes init container,
    /// once per pod start, before the service's probes count); <c>Skip</c> serves without looking.
    /// </returns>
    public static async Task<bool> MigrateDatabaseAsync<TContext>(this WebApplication app, CancellationToken cancellationToken = default)
        where TContext : DbContext
    {
        var mode = app.Configuration["Database:Migrate"] ?? "OnStart";
        if (mode is not ("OnStart" or "Only" or "Skip"))
        {
            throw new InvalidOperationException($"Database:Migrate must be OnStart, Only or Skip (was '{mode}').");
        }

        if (mode == "Skip")
        {
            return true;
        }

        await MigrateAsync<TContext>(app, cancellationToken);
        return mode == "OnStart";
    }

    private static async Task MigrateAsync<TContext>(WebApplication app, CancellationToken cancellationToken)
        where TContext : DbContext
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILogger<TContext>>();
        await CreateDatabaseIfMissingAsync(db, cancellationToken);

        // A session lock on a connection of its own (not pooled), held across EF's connections.
        var target = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false };
        await using var lockConnection = new NpgsqlConnection(target.ConnectionString);
        await lockConnection.OpenAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(hashtext('nacka:migrations'))", lockConnection))
        {
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            // Npgsql reads the migration history of a new database and catches "no such table", but EF
            // has logged the failed command as an error by then: create the (empty) table first.
            await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);

            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                logger.LogInformation("Applying {Count} pending migration(s) to {Database}", pending.Count, db.Database.GetDbConnection().Database);
                await db.Database.MigrateAsync(cancellationToken);
            }
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtext('nacka:migrations'))", lockConnection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// Creates the service's database through the server's maintenance database when it does not
    /// exist yet. Left to EF, the first start tries the missing database first and logs an error
    /// ("An error occurred using the connection to database ...") that ops read as trouble.
    /// </summary>
    private static async Task CreateDatabaseIfMissingAsync(DbContext db, CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
        var name = target.Database ?? throw new InvalidOperationException("The connection string names no database.");
        var maintenance = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = name } } };
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
        {
            return;
        }

        try
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // A replica starting at the same moment created it first.
        }
    }
}
