using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nacka.Messaging.Bus;
using Nacka.Messaging.Telemetry;
using Nacka.Persistence;
using Npgsql;

namespace Nacka.Messaging.Outbox;

/// <summary>
/// Publishes outbox rows after their transaction committed. Wakes on <c>LISTEN</c> (notified by
/// <see cref="OutboxNotifier"/>) and polls every <see cref="MessagingOptions.PollInterval"/> as a
/// safety net. While the broker is down, publishes time out, rows stay unsent and the next wake
/// retries; nothing is lost and the writes that produce events keep succeeding.
/// </summary>
internal sealed class OutboxDispatcher<TContext>(
    IServiceScopeFactory scopes,
    OutboxPublisher publisher,
    BrokerLink broker,
    MessagingTelemetry telemetry,
    IOptions<MessagingOptions> options,
    ILogger<OutboxDispatcher<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    private static readonly TimeSpan HousekeepingInterval = TimeSpan.FromHours(1);
    private readonly MessagingOptions _options = options.Value;
    private DateTime _nextHousekeeping = DateTime.UtcNow.AddMinutes(1);

    // A batch that stopped on broker trouble is retried at the next wake (a commit or the poll).
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        OutboxWakeLoop.RunAsync<TContext>(scopes, _options.PollInterval, DispatchPendingAsync, telemetry, logger, "Outbox dispatcher",
            stoppingToken);

    /// <summary>Publishes batches until none is left (false) or one stops on a failure (true: retry soon).</summary>
    private async Task<bool> DispatchPendingAsync(CancellationToken cancellationToken)
    {
        if (!broker.IsConnected)
        {
            // The broker is away (the link checks every second): claim nothing and look again in a second. Each round would
            // otherwise lease rows, wait in a publish (inside MassTransit's reconnect backoff of 3 s and more, up to our
            // PublishTimeout) and record a failure on them, every second of the outage.
            await RecordBacklogAndHousekeepAsync(cancellationToken);
            return true;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            var (claimed, sent) = await DispatchBatchAsync(cancellationToken);
            if (claimed == 0 || sent < claimed)
            {
                await RecordBacklogAndHousekeepAsync(cancellationToken);
                return sent < claimed;
            }
        }

        return false;
    }

    private async Task<(int Claimed, int Sent)> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        // Rows are leased in a short transaction and published outside it: no row lock is held
        // while a publish waits for the broker, so the feed's sequencer never waits behind one.
        var lease = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(1).Ticks, _options.PublishTimeout.Ticks * 3));
        var rows = await db.InTransactionAsync(async (transaction, ct) =>
        {
            var claimed = await OutboxStore.ClaimAsync(db, _options.BatchSize, lease, ct);
            await transaction.CommitAsync(ct);
            return claimed;
        }, cancellationToken);

        // A claim holds at most one row per entity (the earliest unsent), so the rows of a batch can
        // be published together and their confirms awaited at once, rather than one round trip to
        // the broker per row.
        var outcomes = await Task.WhenAll(rows.Select(async row =>
        {
            using var publishTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            publishTimeout.CancelAfter(_options.PublishTimeout);
            try
            {
                await publisher.PublishAsync(row, publishTimeout.Token);
                return (row.Id, Error: (string?)null);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                telemetry.PublishFailures.Add(1);
                logger.LogWarning(ex, "Publishing outbox row {Id} ({Type}) failed; it stays queued", row.Id, row.Type);
                return (row.Id, Error: (string?)ex.Message);
            }
        }));
        var sent = outcomes.Where(o => o.Error is null).Select(o => o.Id).ToList();
        (long Id, string Error)? failure = outcomes.FirstOrDefault(o => o.Error is not null) is { Error: { } error } first ? (first.Id, error) : null;

        // A crash before this point leaves the lease to expire; the rows are then published again
        // (at-least-once: subscribers dedupe on eventId).
        var unsent = rows.Select(r => r.Id).Except(sent).ToList();
        await db.InTransactionAsync(async (transaction, ct) =>
        {
            if (sent.Count > 0)
            {
                await OutboxStore.MarkSentAsync(db, sent, ct);
            }

            if (failure is { } failed)
            {
                await OutboxStore.RecordFailureAsync(db, failed.Id, failed.Error, ct);
            }

            if (unsent.Count > 0)
            {
                await OutboxStore.ReleaseAsync(db, unsent, ct);
            }

            await transaction.CommitAsync(ct);
            return 0;
        }, CancellationToken.None);
        telemetry.Published.Add(sent.Count);
        return (rows.Count, sent.Count);
    }

    private async Task RecordBacklogAndHousekeepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var backlog = await OutboxStore.ReadBacklogAsync(db, cancellationToken);
        telemetry.RecordBacklog(backlog.Count, backlog.Oldest is { } oldest ? DateTimeOffset.UtcNow - oldest : TimeSpan.Zero);

        if (DateTime.UtcNow >= _nextHousekeeping)
        {
            _nextHousekeeping = DateTime.UtcNow + HousekeepingInterval;
            var outbox = await OutboxStore.DeleteExpiredAsync(db, _options.Retention, cancellationToken);
            if (outbox > 0)
            {
                logger.LogInformation("Retention: deleted {Outbox} sent event(s)", outbox);
            }
        }
    }
}
