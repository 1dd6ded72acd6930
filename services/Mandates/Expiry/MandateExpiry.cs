using Nacka.ServiceDefaults;
using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nacka.Contracts.Mandates;
using Nacka.Mandates.Data;
using Nacka.Persistence;
using Nacka.Records.Changes;
using Nacka.Rules;

namespace Nacka.Mandates.Expiry;

/// <summary>Settings under <c>Mandates:Expiry</c>.</summary>
public sealed class MandateExpiryOptions
{
    public const string Section = "Mandates:Expiry";

    /// <summary>How often open mandates past their last day are looked for.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Mandates ended per transaction.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;
}

/// <summary>
/// Ends every open mandate past its <c>validTo</c> with reason <c>expired</c> from the day after,
/// publishing MandateEnded — exactly once: the end is recorded and announced in one transaction
/// with the outbox, rows are claimed <c>FOR UPDATE SKIP LOCKED</c> so two replicas never take the
/// same mandate, and an ended mandate is never picked again, across restarts too.
/// </summary>
public sealed class MandateExpiry(IServiceScopeFactory scopes, TimeProvider clock, IOptions<MandateExpiryOptions> options,
    ILogger<MandateExpiry> logger) : BackgroundService
{
    public const string RecordedBy = "Mandates (expiry)";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        do
        {
            try
            {
                while (await EndExpiredAsync(stoppingToken) == options.Value.BatchSize)
                {
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The database is away or a replica won a race: the next tick tries again.
                logger.LogWarning(ex, "Ending expired mandates failed; retrying in {Interval}", options.Value.Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Ends one batch of expired mandates; returns how many.</summary>
    public async Task<int> EndExpiredAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MandatesDbContext>();
        var today = clock.Today();
        return await db.InTransactionAsync(async (transaction, ct) =>
        {
            var expired = await db.Set<CurrentMandate>()
                .FromSql($"""
                    SELECT * FROM mandates.mandates WHERE "EndedOn" IS NULL AND "MandateTo" < {today}
                    ORDER BY "MandateTo" LIMIT {options.Value.BatchSize} FOR UPDATE SKIP LOCKED
                    """)
                .ToListAsync(ct);
            if (expired.Count == 0)
            {
                return 0;
            }

            var unitIds = expired.Select(m => m.UnitId).Distinct().ToList();
            var names = await db.KnownUnits.Where(u => unitIds.Contains(u.UnitId)).ToDictionaryAsync(u => u.UnitId, u => u.Name, ct);
            foreach (var mandate in expired)
            {
                db.EndAutomatically(mandate, names.GetValueOrDefault(mandate.UnitId, ""), MandateEndReasons.Expired,
                    mandate.MandateTo!.Value.AddDays(1), RecordedBy, clock.GetUtcNow());
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            logger.LogInformation("Ended {Count} expired mandate(s)", expired.Count);
            return expired.Count;
        }, cancellationToken);
    }
}
