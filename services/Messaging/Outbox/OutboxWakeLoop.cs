using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nacka.Messaging.Telemetry;

namespace Nacka.Messaging.Outbox;

/// <summary>
/// The loop the dispatcher and the sequencer share: do the work, then sleep until a NOTIFY on its
/// channel (see <see cref="OutboxNotifier"/>) or the poll interval, whichever comes first; the
/// notifications that come while a round works are one wake, for one more round (<see cref="NotificationWakes"/>). Work that
/// stopped short (a publish failed: broker down, or the bus still connecting at start) is retried
/// after a second instead of a whole poll interval. On a failure of the loop itself (database
/// restarting, connection lost) it backs off and listens again.
/// </summary>
internal static class OutboxWakeLoop
{
    private static readonly TimeSpan RetrySoon = TimeSpan.FromSeconds(1);

    /// <summary>How long a loop under load waits for more notifications before its next round: commits a moment apart share it.</summary>
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(1);

    /// <param name="channelFor">The channel it listens on, for the outbox's schema (<see cref="OutboxNotifier"/>).</param>
    /// <param name="clock">Its waits' clock: the machine's (<see cref="TimeProvider.System"/>) in the dispatcher and the sequencer, not the
    /// service's registered one, which says what day it is in the register (a clock set to a day for a test or a demo must not stop
    /// the outbox); a test's stands still to see which waits the loop makes.</param>
    /// <param name="work">Returns true when it stopped short and should run again soon.</param>
    /// <param name="listening">Told the wake-ups of each listening connection as it opens (a round runs first on each, so a wake
    /// marked on a closed one is not missed).</param>
    public static async Task RunAsync<TContext>(IServiceScopeFactory scopes, Func<string, string> channelFor, TimeSpan pollInterval,
        TimeProvider clock, Func<CancellationToken, Task<bool>> work,
        MessagingTelemetry telemetry, ILogger logger, string what, CancellationToken stoppingToken, Action<NotificationWakes>? listening = null)
        where TContext : DbContext
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var listenerScope = scopes.CreateAsyncScope();
                await using var connection = await OutboxNotifier.ListenAsync(listenerScope.ServiceProvider.GetRequiredService<TContext>(), channelFor,
                    stoppingToken);
                await using var wakes = new NotificationWakes(connection, clock, stoppingToken);
                listening?.Invoke(wakes);
                logger.LogDebug("{What} listening", what);
                while (!stoppingToken.IsCancellationRequested)
                {
                    var stoppedShort = await work(stoppingToken);
                    telemetry.OutboxRounds.Add(1);
                    failures = 0;
                    var woken = await wakes.WaitAsync(stoppedShort && RetrySoon < pollInterval ? RetrySoon : pollInterval, stoppingToken);
                    var coalesced = false;
                    if (woken == Woken.AlreadyNotified)
                    {
                        // Commits came while this round worked: under load, so wait a moment and take those notified meanwhile along.
                        // A loop that had been waiting works at once: at a low rate there is nothing to take along, and the wait cost
                        // each write a timer in both loops and 5 ms of its way to a subscriber (docs/benchmarks.md, nineteenth session).
                        await Task.Delay(Coalesce, clock, stoppingToken);
                        coalesced = wakes.TakeMark();
                    }

                    logger.LogDebug("{What} woke ({Why}; more notifications taken with it: {Coalesced})", what, woken, coalesced);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, Math.Min(failures, 7))));
                logger.LogWarning(ex, "{What} failed ({Failures} in a row); retrying in {Delay}", what, failures, delay);
                await Task.Delay(delay, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
