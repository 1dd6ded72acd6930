using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Nacka.Messaging.Outbox;

/// <summary>
/// The loop the dispatcher and the sequencer share: do the work, then sleep until a commit's
/// NOTIFY (see <see cref="OutboxNotifier"/>) or the poll interval, whichever comes first. Work that
/// stopped short (a publish failed: broker down, or the bus still connecting at start) is retried
/// after a second instead of a whole poll interval. On a failure of the loop itself (database
/// restarting, connection lost) it backs off and listens again.
/// </summary>
internal static class OutboxWakeLoop
{
    private static readonly TimeSpan RetrySoon = TimeSpan.FromSeconds(1);

    /// <param name="work">Returns true when it stopped short and should run again soon.</param>
    public static async Task RunAsync<TContext>(IServiceScopeFactory scopes, TimeSpan pollInterval, Func<CancellationToken, Task<bool>> work,
        ILogger logger, string what, CancellationToken stoppingToken)
        where TContext : DbContext
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var listenerScope = scopes.CreateAsyncScope();
                var connection = await OutboxNotifier.ListenAsync(listenerScope.ServiceProvider.GetRequiredService<TContext>(), stoppingToken);
                logger.LogDebug("{What} listening", what);
                while (!stoppingToken.IsCancellationRequested)
                {
                    var stoppedShort = await work(stoppingToken);
                    failures = 0;
                    var notified = await connection.WaitAsync(stoppedShort && RetrySoon < pollInterval ? RetrySoon : pollInterval, stoppingToken);
                    logger.LogDebug("{What} woke ({Why})", what, notified ? "notified" : "timeout");
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
                await Task.Delay(delay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
