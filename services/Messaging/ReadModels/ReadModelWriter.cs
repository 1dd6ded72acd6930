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
/// event arriving alone is applied at once, by the consumer that handed it in (no timer, no added wait,
/// no other thread woken). Each event keeps its own outcome: when a group fails, its events are applied
/// again one by one, so only the event that fails (a gap the feed cannot fill yet, a poison event) is
/// retried and parked, exactly as if it had been consumed alone.
/// </summary>
public sealed class ReadModelWriter<TContext>(IServiceScopeFactory scopes, MessagingTelemetry telemetry, ILogger<ReadModelWriter<TContext>> logger)
    : IHostedService, IDisposable
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
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Turns taken: groups being applied now (at most <see cref="ConcurrentGroups"/>).</summary>
    private int _turns;

    private sealed record Handed(IIntegrationEvent Event, TaskCompletionSource<int> Outcome);

    /// <summary>Applies <paramref name="integrationEvent"/> with whatever else is waiting; returns how many versions it applied (0: a duplicate).</summary>
    public async Task<int> ApplyAsync(IIntegrationEvent integrationEvent, CancellationToken cancellationToken)
    {
        var handed = new Handed(integrationEvent, new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_handed.Writer.TryWrite(handed))
        {
            throw new InvalidOperationException("The read model's writer has stopped.");
        }

        // A turn free: the consumer applies its event itself (with whatever else waits), so its own outcome needs no other thread.
        // Until 2026-12-04 four loops of the writer's own took every event: a consumer woke one and the loop woke the consumer back,
        // two hand-offs between threads for each event at a low rate (docs/benchmarks.md, twentieth session).
        if (TryTakeTurn())
        {
            await ApplyWaitingAsync(handed.Outcome.Task);
        }

        return await handed.Outcome.Task.WaitAsync(cancellationToken);
    }

    private bool TryTakeTurn()
    {
        var taken = Volatile.Read(ref _turns);
        while (taken < ConcurrentGroups)
        {
            var seen = Interlocked.CompareExchange(ref _turns, taken + 1, taken);
            if (seen == taken)
            {
                return true;
            }

            taken = seen;
        }

        return false;
    }

    /// <summary>
    /// With a turn taken: applies what waits, a group at a time, until <paramref name="until"/> is done (the consumer's own event;
    /// null: until nothing waits), then gives the turn back. Events still waiting then (handed in while every turn was taken, by
    /// consumers that only wait for their outcome) are taken on by a new turn in the background, so none is left behind.
    /// </summary>
    private async Task ApplyWaitingAsync(Task? until)
    {
        // A group's statements serve several events: they belong to no one event's trace (the consumer's span is the event's).
        System.Diagnostics.Activity.Current = null;
        var group = new List<Handed>(MaxGroup);
        try
        {
            while (until is not { IsCompleted: true })
            {
                group.Clear();
                while (group.Count < MaxGroup && _handed.Reader.TryRead(out var handed))
                {
                    group.Add(handed);
                }

                if (group.Count == 0)
                {
                    break; // its own event is in another turn's group
                }

                await ApplyGroupAsync(group, _stopping.Token);
                group.Clear();
            }
        }
        catch (Exception ex)
        {
            // Stopping: whatever failed, the events of the unfinished group are not acknowledged and come again. (Any other failure
            // is each event's already, ApplyGroupAsync; none may leave a consumer waiting.)
            foreach (var handed in group)
            {
                _ = _stopping.IsCancellationRequested ? handed.Outcome.TrySetCanceled(_stopping.Token) : handed.Outcome.TrySetException(ex);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _turns);
        }

        if (_handed.Reader.TryPeek(out _) && TryTakeTurn())
        {
            _ = Task.Run(() => ApplyWaitingAsync(until: null), CancellationToken.None);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Stopping: events not applied are not acknowledged either, so the broker delivers them again.
        await _stopping.CancelAsync();
        _handed.Writer.TryComplete();
        while (_handed.Reader.TryRead(out var handed))
        {
            handed.Outcome.TrySetCanceled(_stopping.Token);
        }
    }

    public void Dispose() => _stopping.Dispose();

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
