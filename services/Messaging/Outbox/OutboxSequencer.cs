using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nacka.Messaging.Telemetry;

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
        return await OutboxStore.SequenceAsync(scope.ServiceProvider.GetRequiredService<TContext>(), BatchSize, cancellationToken);
    }
}
