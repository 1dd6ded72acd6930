using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nacka.Messaging.Tests.Widgets;
using Nacka.Persistence;
using Nacka.Testing;
using Npgsql;
using Xunit;

namespace Nacka.Messaging.Tests;

/// <summary>The transaction every write and every consumer runs in (<see cref="TransactionExtensions.InTransactionAsync"/>).</summary>
public sealed class TransactionTests(TestInfrastructure infrastructure)
{
    [Fact]
    public async Task A_save_inside_the_transaction_costs_no_savepoint_round_trip()
    {
        await using var host = await WidgetsHost.StartAsync(infrastructure, infrastructure.NewDatabaseConnectionString("widgets"), withConsumer: false);
        var taken = await host.RegisterAsync("taken");
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WidgetsDbContext>();

        var afterFailedSave = await db.InTransactionAsync(async (transaction, ct) =>
        {
            db.Widgets.Add(new Widget { Id = taken.WidgetId, Name = "again", Version = 1 });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(ct));
            // Had EF set a savepoint before the save, it would have rolled back to it and this statement would run.
            return await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync("SELECT 1", ct));
        }, TestContext.Current.CancellationToken);

        Assert.Equal(PostgresErrorCodes.InFailedSqlTransaction, afterFailedSave.SqlState);
    }
}
