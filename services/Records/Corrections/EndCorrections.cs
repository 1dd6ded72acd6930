using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Nacka.Records.Corrections;

/// <summary>
/// Data written before the register bounded everything by the ends it knows — an assignment left open on a dissolved unit, a
/// mandate or a process participation running past its unit's dissolution — is corrected once at start, by the same reaction
/// that handles an end as it arrives: each correction is a change with its history entry and its event, so subscribers see it.
/// The reaction changes only what still disagrees with an end, so running it again finds nothing; an advisory lock lets one
/// replica do it while the others go on.
/// </summary>
public static class EndCorrections
{
    /// <param name="correct">Finds what disagrees with a recorded end and stages its correction; returns how many records it corrected.</param>
    public static IHostApplicationBuilder AddEndCorrections<TDb>(this IHostApplicationBuilder builder, Func<TDb, CancellationToken, Task<int>> correct)
        where TDb : DbContext
    {
        builder.Services.AddSingleton(new EndCorrection<TDb>(correct));
        builder.Services.AddHostedService<EndCorrectionRunner<TDb>>();
        return builder;
    }

    /// <summary>Runs the service's correction once, in a scope of its own (at start, or when asked); returns how many records it corrected.</summary>
    public static async Task<int> RunOnceAsync<TDb>(IServiceProvider services, CancellationToken ct) where TDb : DbContext
    {
        await using var scope = services.CreateAsyncScope();
        return await RunAsync(scope.ServiceProvider.GetRequiredService<TDb>(), services.GetRequiredService<EndCorrection<TDb>>(), ct);
    }

    /// <summary>Runs the correction once, in one transaction, if no other replica is running it; returns how many records it corrected.</summary>
    private static Task<int> RunAsync<TDb>(TDb db, EndCorrection<TDb> correction, CancellationToken ct) where TDb : DbContext =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear(); // a retry starts from the database, not from what the failed attempt staged
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            var key = $"end-corrections:{typeof(TDb).FullName}";
            var mine = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock(hashtext({key})) AS \"Value\"").SingleAsync(token);
            if (!mine)
            {
                return 0;
            }

            var corrected = await correction.Correct(db, token);
            await db.SaveChangesAsync(token);
            await transaction.CommitAsync(token);
            return corrected;
        }, ct);
}

/// <summary>A service's correction of data that disagrees with the ends it knows (<see cref="EndCorrections"/>).</summary>
public sealed record EndCorrection<TDb>(Func<TDb, CancellationToken, Task<int>> Correct) where TDb : DbContext;

/// <summary>Runs the correction once after start; a database that is away is tried again until it answers.</summary>
internal sealed class EndCorrectionRunner<TDb>(IServiceProvider services, ILogger<EndCorrectionRunner<TDb>> logger)
    : BackgroundService where TDb : DbContext
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                var corrected = await EndCorrections.RunOnceAsync<TDb>(services, stoppingToken);
                if (corrected > 0)
                {
                    logger.LogWarning(
                        "Corrected {Count} records that disagreed with an end already recorded; each correction is published as an event", corrected);
                }

                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Correcting records against recorded ends failed (attempt {Attempt}); trying again", attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, attempt * 2)), stoppingToken);
            }
        }
    }
}
