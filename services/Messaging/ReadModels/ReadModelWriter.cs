using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nacka.Contracts;
using Nacka.Messaging.Telemetry;

namespace Nacka.Messaging.ReadModels;

/// <summary>
/// Group commit for a read model's consumers: every event handed in while its transactions are busy
/// (up to <see cref="ConcurrentGroups"/> at a time) waits and goes into the next one with the others
/// waiting, so under load one lock statement, one save and one commit serve many events, and an
/// event arriving alone is applied at once (no timer, no added wait). Each event keeps its own
/// outcome: when a group fails, its events are applied again one by one, so only the event that
/// fails (a gap the feed cannot fill yet, a poison event) is retried and parked, exactly as if it
/// had been consumed alone.
/// </summary>
public sealed class ReadModelWriter<TContext>(IServiceScopeFactory scopes, MessagingTelemetry telemetry, ILogger<ReadModelWriter<TContext>> logger)
    : BackgroundService
    where TContext : DbContext
{
    /// <summary>At most this many events in one transaction.</summary>
    public const int MaxGroup = 100;

    /// <summary>
    /// Groups applied at the same time. More than one, so that a group waiting long (a gap filled
    /// from a producer's feed that answers slowly, a row another replica holds) does not hold up
    /// every other event of the service; groups that share an entity take turns on its version row.
    /// </summary>
    public const int ConcurrentGroups = 4;

    private readonly Channel<Handed> _handed = Channel.CreateUnbounded<Handed>();

    private sealed record Handed(IIntegrationEvent Event, TaskCompletionSource<int> Outcome);

    /// <summary>Applies <paramref name="integrationEvent"/> with whatever else is waiting; returns how many versions it applied (0: a duplicate).</summary>
    /// <remarks>
    /// Handed to one of the writer's loops, not applied by the consumer itself when a loop is free, although that is two hand-offs
    /// between threads fewer per event: tried on 2026-12-04, the read models' CPU per event at 50/s did not move, and at 200/s the
    /// consumers applied at once in groups of one, PostgreSQL spent about 1 ms more per write and Mandates' read model fell further
    /// behind (docs/benchmarks.md, twentieth session).
    /// </remarks>
    public Task<int> ApplyAsync(IIntegrationEvent integrationEvent, CancellationToken cancellationToken)
    {
        var handed = new Handed(integrationEvent, new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_handed.Writer.TryWrite(handed))
        {
            throw new InvalidOperationException("The read model's writer has stopped.");
        }

        return handed.Outcome.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.WhenAll(Enumerable.Range(0, ConcurrentGroups).Select(_ => Task.Run(() => ApplyGroupsAsync(stoppingToken), CancellationToken.None)));
        }
        finally
        {
            // Stopping: events not applied are not acknowledged either, so the broker delivers them again.
            _handed.Writer.TryComplete();
            foreach (var handed in Drain())
            {
                handed.Outcome.TrySetCanceled(stoppingToken);
            }
        }
    }

    private async Task ApplyGroupsAsync(CancellationToken stoppingToken)
    {
        var group = new List<Handed>(MaxGroup);
        try
        {
            while (await _handed.Reader.WaitToReadAsync(stoppingToken))
            {
                group.Clear();
                while (group.Count < MaxGroup && _handed.Reader.TryRead(out var handed))
                {
                    group.Add(handed);
                }

                // One event wakes every idle loop and only one of them gets it: the others go back to waiting. (They used to apply
                // their empty group: a transaction with a lock statement and a commit for nothing, about one per event in each
                // read model, seen in pg_stat_statements on 2026-12-03.) Waiting with ReadAsync instead, which hands each event
                // straight to one waiting loop, spreads a stream of events over the four loops as groups of one; woken here, the
                // first loop to run finds what came meanwhile and takes it all. Tried on 2026-12-03: at 200 writes/s the read
                // models spent 1.6 ms of CPU per event against 1.0-1.2 this way (docs/benchmarks.md, fourteenth session).
                if (group.Count > 0)
                {
                    await ApplyGroupAsync(group, stoppingToken);
                }
            }
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: whatever failed, the events of the unfinished group are not acknowledged and come again.
        }
        finally
        {
            foreach (var handed in group)
            {
                handed.Outcome.TrySetCanceled(stoppingToken);
            }
        }
    }

    private IEnumerable<Handed> Drain()
    {
        while (_handed.Reader.TryRead(out var handed))
        {
            yield return handed;
        }
    }

    private async Task ApplyGroupAsync(List<Handed> group, CancellationToken cancellationToken)
    {
        try
        {
            var applied = await ApplyAsync(group.Select(h => h.Event).ToList(), cancellationToken);
            telemetry.GroupSize.Record(group.Count);
            for (var i = 0; i < group.Count; i++)
            {
                group[i].Outcome.TrySetResult(applied[i]);
            }

            return;
        }
        catch (Exception ex) when (group.Count > 1 && !cancellationToken.IsCancellationRequested)
        {
            logger.LogDebug(ex, "A group of {Count} {Context} events failed; applying them one by one", group.Count, typeof(TContext).Name);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            group[0].Outcome.TrySetException(ex);
            return;
        }

        foreach (var handed in group)
        {
            try
            {
                handed.Outcome.TrySetResult((await ApplyAsync([handed.Event], cancellationToken))[0]);
                telemetry.GroupSize.Record(1);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                handed.Outcome.TrySetException(ex);
            }
        }
    }

    private async Task<int[]> ApplyAsync(IReadOnlyList<IIntegrationEvent> events, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReadModelApplier<TContext>>().ApplyAsync(events, cancellationToken);
    }
}
