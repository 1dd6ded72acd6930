using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Nacka.Persistence;

/// <summary>
/// Each service owns one PostgreSQL database, reached through the Aspire connection string of the
/// same name (<c>unitsdb</c>, <c>mandatesdb</c>...). The Aspire integration brings pooling, the
/// database health check, Npgsql tracing and metrics, and a retrying execution strategy.
/// </summary>
public static class ServiceDatabaseExtensions
{
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder, string connectionName)
        where TContext : DbContext
    {
        builder.AddNpgsqlDbContext<TContext>(connectionName);
        return builder;
    }

    /// <summary>
    /// Applies the committed migrations before the service takes traffic, so no request ever sees
    /// an old schema. EF Core takes a database lock while migrating, so replicas starting together
    /// apply each migration once.
    /// </summary>
    public static async Task MigrateDatabaseAsync<TContext>(this WebApplication app, CancellationToken cancellationToken = default)
        where TContext : DbContext
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILogger<TContext>>();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        logger.LogInformation("Applying {Count} pending migration(s) to {Database}", pending.Count, db.Database.GetDbConnection().Database);
        await db.Database.MigrateAsync(cancellationToken);
    }
}
