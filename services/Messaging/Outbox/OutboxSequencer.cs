using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nacka.Messaging.Telemetry;
using Nacka.Persistence;

namespace Nacka.Messaging.Outbox;

/// <summary>
/// Puts committed outbox rows into the replay feed (see <see cref="OutboxStore.SequenceAsync"/>).
/// It runs apart from the dispatcher, so a broker outage, during which every publish waits for
/// its timeout, never delays the feed: a commit's NOTIFY wakes it, the poll is the safety net. Its
/// own commit wakes the dispatcher (<see cref="OutboxNotifier"/>).
/// </summary>
internal sealed class OutboxSequencer<TContext>(
    IServiceScopeFactory scopes,
    IOptions<MessagingOptions> options,
    MessagingTelemetry telemetry,
    ILogger<OutboxSequencer<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    private const int BatchSize = 5000;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        OutboxWakeLoop.RunAsync<TContext>(scopes, OutboxNotifier.ChannelFor, options.Value.PollInterval, SequenceAllAsync, telemetry, logger,
            "Replay feed sequencer", stoppingToken);

    private async Task<bool> SequenceAllAsync(CancellationToken cancellationToken)
    {
        while (await SequenceBatchAsync(cancellationToken) == BatchSize)
        {
        }

        return false;
    }

    private async Task<int> SequenceBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        return await db.InTransactionAsync(async (transaction, ct) =>
        {
            var sequenced = await OutboxStore.SequenceAsync(db, BatchSize, ct);
            if (sequenced > 0)
            {
                // The dispatcher claims them once they are free: the notification is delivered at commit.
                await OutboxNotifier.NotifySequencedAsync(db, ct);
            }

            await transaction.CommitAsync(ct);
            return sequenced;
        }, cancellationToken);
    }
}
