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
/// its timeout, never delays the feed: a commit's NOTIFY wakes it, the poll is the safety net. When
/// the dispatcher waits for work it claims the rows for it in the same transaction and hands them
/// over (<see cref="OutboxHandoff"/>); otherwise its commit wakes the dispatcher (<see cref="OutboxNotifier"/>).
/// </summary>
internal sealed class OutboxSequencer<TContext>(
    IServiceScopeFactory scopes,
    OutboxHandoff handoff,
    IOptions<MessagingOptions> options,
    MessagingTelemetry telemetry,
    ILogger<OutboxSequencer<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    private const int BatchSize = 5000;
    private readonly MessagingOptions _options = options.Value;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        OutboxWakeLoop.RunAsync<TContext>(scopes, OutboxNotifier.ChannelFor, _options.PollInterval, TimeProvider.System, SequenceAllAsync, telemetry, logger,
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
        var claim = handoff.WantsClaim ? (_options.BatchSize, _options.ClaimLease) : ((int, TimeSpan)?)null;
        var sequenced = await OutboxStore.SequenceAsync(scope.ServiceProvider.GetRequiredService<TContext>(), BatchSize, claim, cancellationToken);
        if (sequenced.Claimed.Count > 0)
        {
            handoff.Hand(sequenced.Claimed);
        }

        return sequenced.Numbered;
    }
}
