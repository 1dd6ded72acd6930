using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nacka.Persistence;

namespace Nacka.Messaging.Outbox;

/// <summary>
/// Puts committed outbox rows into the replay feed (see <see cref="OutboxStore.SequenceAsync"/>).
/// It runs apart from the dispatcher, so a broker outage, during which every publish waits for
/// its timeout, never delays the feed: a commit's NOTIFY wakes it, the poll is the safety net.
/// </summary>
internal sealed class OutboxSequencer<TContext>(
    IServiceScopeFactory scopes,
    IOptions<MessagingOptions> options,
    ILogger<OutboxSequencer<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    private const int BatchSize = 5000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var listenerScope = scopes.CreateAsyncScope();
                var connection = await OutboxNotifier.ListenAsync(listenerScope.ServiceProvider.GetRequiredService<TContext>(), stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    while (await SequenceBatchAsync(stoppingToken) == BatchSize)
                    {
                    }

                    failures = 0;
                    await connection.WaitAsync(options.Value.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(10_000, 250 * Math.Pow(2, Math.Min(failures, 6))));
                logger.LogWarning(ex, "Replay feed sequencer failed ({Failures} in a row); retrying in {Delay}", failures, delay);
                await Task.Delay(delay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task<int> SequenceBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        return await db.InTransactionAsync(async (transaction, ct) =>
        {
            var sequenced = await OutboxStore.SequenceAsync(db, BatchSize, ct);
            await transaction.CommitAsync(ct);
            return sequenced;
        }, cancellationToken);
    }
}
