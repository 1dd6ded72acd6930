using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nacka.Messaging.Bus;
using Nacka.Messaging.Telemetry;
using Npgsql;

namespace Nacka.Messaging.Outbox;

/// <summary>
/// Publishes outbox rows after their transaction committed. Wakes on <c>LISTEN</c> (the sequencer
/// notifies once it has numbered them, see <see cref="OutboxNotifier"/>) and polls every <see cref="MessagingOptions.PollInterval"/>
/// as a safety net. While the broker is down, rows stay unsent and are published once it is back;
/// nothing is lost and the writes that produce events keep succeeding.
/// </summary>
internal sealed class OutboxDispatcher<TContext>(
    IServiceScopeFactory scopes,
    OutboxPublisher publisher,
    OutboxHandoff handoff,
    BrokerLink broker,
    MessagingTelemetry telemetry,
    IOptions<MessagingOptions> options,
    ILogger<OutboxDispatcher<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    private static readonly TimeSpan HousekeepingInterval = TimeSpan.FromHours(1);
    private readonly MessagingOptions _options = options.Value;
    private DateTime _nextHousekeeping = DateTime.UtcNow.AddMinutes(1);

    // A batch that stopped on broker trouble is retried at the next wake (the sequencer's commit or hand-over, or the poll).
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await OutboxWakeLoop.RunAsync<TContext>(scopes, OutboxNotifier.SequencedChannelFor, _options.PollInterval, TimeProvider.System,
                DispatchPendingAsync, telemetry, logger, "Outbox dispatcher", stoppingToken, handoff.WakeDispatcherThrough);
        }
        finally
        {
            // Stopping: rows handed over and not published go back now. (Rows the sequencer hands after this wait for their lease.)
            handoff.DispatcherWaiting(false);
            if (handoff.Take() is { } handed)
            {
                await ReleaseClaimedAsync(Task.FromResult(handed));
            }
        }
    }

    /// <summary>
    /// Publishes what the sequencer handed over, then batches until none is left (false) or one stops on a failure (true: retry
    /// soon). Only when none is left does the sequencer claim for it again (<see cref="OutboxHandoff"/>).
    /// </summary>
    private async Task<bool> DispatchPendingAsync(CancellationToken cancellationToken)
    {
        handoff.DispatcherWaiting(false);
        var stoppedShort = await DispatchAsync(handoff.Take(), cancellationToken);
        handoff.DispatcherWaiting(!stoppedShort && !cancellationToken.IsCancellationRequested);
        return stoppedShort;
    }

    private async Task<bool> DispatchAsync(List<OutboxMessage>? handed, CancellationToken cancellationToken)
    {
        if (!broker.IsConnected)
        {
            // The broker is away (the link checks every second): claim nothing and look again in a second. Each round would
            // otherwise lease rows, fail to publish them and record a failure on them, every second of the outage.
            if (handed is not null)
            {
                await ReleaseClaimedAsync(Task.FromResult(handed));
            }

            await RecordBacklogAndHousekeepAsync(cancellationToken);
            return true;
        }

        // While a full batch is published, the next one is claimed: the claim waits on PostgreSQL, the publish on the broker, and a
        // drain took both one after the other. (Marking sent while the next batch publishes as well gained nothing measurable on two
        // cores.) Order holds whatever the timing: a row is only claimed when its entity has no earlier unsent row, so a claim made
        // while a batch is unmarked takes none of that batch's entities' later events. Such a claim can come back empty while later
        // events wait (one entity's several events), so an empty claim made before the last mark is made again after it. A batch
        // that is not full is published and marked one step after the other, and the mark counts what is left: a claim follows
        // only when rows are, so a write or two costs one claim (the sequencer's, when this loop was waiting) and one mark.
        Task<List<OutboxMessage>>? next = handed is not null ? Task.FromResult(handed) : ClaimAsync(cancellationToken);
        var claimedBeforeMark = false;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var rows = await (next ?? ClaimAsync(cancellationToken));
                next = null;
                if (rows.Count == 0)
                {
                    if (claimedBeforeMark)
                    {
                        claimedBeforeMark = false;
                        next = ClaimAsync(cancellationToken);
                        continue;
                    }

                    await RecordBacklogAndHousekeepAsync(cancellationToken);
                    return false;
                }

                claimedBeforeMark = rows.Count >= _options.BatchSize;
                if (claimedBeforeMark)
                {
                    next = ClaimAsync(cancellationToken);
                }

                var published = await PublishBatchAsync(rows, cancellationToken);
                var left = await MarkAsync(rows, published, countWhatIsLeft: !claimedBeforeMark);
                if (published.Sent.Count < rows.Count)
                {
                    await RecordBacklogAndHousekeepAsync(cancellationToken);
                    return true;
                }

                if (left is { Count: 0 })
                {
                    // Nothing unsent is left (read with the mark): the claim that would find nothing, and its count, are spared.
                    // Rows committed after it wake this loop again through the sequencer.
                    await RecordBacklogAndHousekeepAsync(cancellationToken, left);
                    return false;
                }
            }

            return false;
        }
        finally
        {
            // A batch claimed and not published (a failure or shutdown came first) goes back now rather than when its lease expires.
            if (next is not null)
            {
                await ReleaseClaimedAsync(next);
            }
        }
    }

    /// <summary>
    /// Leases the next batch (one statement, committed on its own) and returns it: no row lock is held while a publish waits for
    /// the broker, so the feed's sequencer never waits behind one.
    /// </summary>
    private async Task<List<OutboxMessage>> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await OutboxStore.ClaimAsync(scope.ServiceProvider.GetRequiredService<TContext>(), _options.BatchSize, _options.ClaimLease,
            cancellationToken);
    }

    private async Task ReleaseClaimedAsync(Task<List<OutboxMessage>> claim)
    {
        try
        {
            var rows = await claim;
            if (rows.Count > 0)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TContext>();
                await OutboxStore.ReleaseAsync(db, [.. rows.Select(r => r.Id)], CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or NpgsqlException or DbUpdateException or InvalidOperationException)
        {
            // The claim itself failed or was cancelled (nothing leased), or the release did: the lease then expires by itself.
            logger.LogDebug(ex, "A claimed batch was not given back; its lease expires by itself");
        }
    }

    /// <summary>What the broker confirmed of a batch, and the first failure (recorded on its row).</summary>
    private sealed record Published(List<long> Sent, (long Id, string Error)? Failure, TimeSpan Took);

    /// <summary>Publishes a claimed batch and returns what the broker confirmed.</summary>
    private async Task<Published> PublishBatchAsync(List<OutboxMessage> rows, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
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
        return new Published([.. outcomes.Where(o => o.Error is null).Select(o => o.Id)],
            outcomes.FirstOrDefault(o => o.Error is not null) is { Error: { } error } first ? (first.Id, error) : null,
            System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// Marks what the broker confirmed sent and gives the rest of the batch back. A crash before this leaves the lease to expire;
    /// the rows are then published again (at-least-once: subscribers dedupe on eventId). With <paramref name="countWhatIsLeft"/>,
    /// returns the backlog left after the mark, read in the same round trip and transaction.
    /// </summary>
    private async Task<OutboxStore.Backlog?> MarkAsync(List<OutboxMessage> rows, Published published, bool countWhatIsLeft)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var unsent = rows.Select(r => r.Id).Except(published.Sent).ToList();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var left = await OutboxStore.MarkAsync(db, published.Sent, published.Failure, unsent, countWhatIsLeft, CancellationToken.None);
        telemetry.Published.Add(published.Sent.Count);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.LogDebug("Dispatched {Sent} of {Claimed} row(s): published in {PublishMs:0.0} ms, marked in {MarkMs:0.0} ms", published.Sent.Count,
                rows.Count, published.Took.TotalMilliseconds, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return left;
    }

    /// <summary>Records the backlog (<paramref name="read"/>, or read now) and deletes sent rows past retention once an hour.</summary>
    private async Task RecordBacklogAndHousekeepAsync(CancellationToken cancellationToken, OutboxStore.Backlog? read = null)
    {
        var housekeep = DateTime.UtcNow >= _nextHousekeeping;
        if (read is null || housekeep)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            read ??= await OutboxStore.ReadBacklogAsync(db, cancellationToken);
            if (housekeep)
            {
                _nextHousekeeping = DateTime.UtcNow + HousekeepingInterval;
                var outbox = await OutboxStore.DeleteExpiredAsync(db, _options.Retention, cancellationToken);
                if (outbox > 0)
                {
                    logger.LogInformation("Retention: deleted {Outbox} sent event(s)", outbox);
                }
            }
        }

        telemetry.RecordBacklog(read.Count, read.Oldest is { } oldest ? DateTimeOffset.UtcNow - oldest : TimeSpan.Zero);
    }
}
