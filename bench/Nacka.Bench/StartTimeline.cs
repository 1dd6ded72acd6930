using System.Collections.Concurrent;
using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Nacka.Bench;

/// <summary>
/// When each resource of a starting system first ran and first reported healthy (seconds from the start), so "start to
/// all healthy" can be read as a critical path: which wait each program sat in, and for how long.
/// </summary>
public sealed class StartTimeline : IAsyncDisposable
{
    private readonly long started = Stopwatch.GetTimestamp();
    private readonly ConcurrentDictionary<string, double> running = new();
    private readonly ConcurrentDictionary<string, double> healthy = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task watching;

    private StartTimeline(DistributedApplication app) => watching = WatchAsync(app);

    public static StartTimeline Watch(DistributedApplication app) => new(app);

    private async Task WatchAsync(DistributedApplication app)
    {
        try
        {
            await foreach (var change in app.ResourceNotifications.WatchAsync(stop.Token))
            {
                var at = Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 1);
                if (change.Snapshot.State?.Text == KnownResourceStates.Running)
                {
                    running.TryAdd(change.Resource.Name, at);
                }

                if (change.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy)
                {
                    healthy.TryAdd(change.Resource.Name, at);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Per resource (helpers that only rebuild left out), ordered by when it became healthy.</summary>
    public object Summary() => running.Keys.Union(healthy.Keys).Where(name => !name.EndsWith("-rebuilder", StringComparison.Ordinal))
        .OrderBy(name => healthy.TryGetValue(name, out var h) ? h : double.MaxValue)
        .ToDictionary(name => name, name => new
        {
            runningAtSeconds = running.TryGetValue(name, out var r) ? r : (double?)null,
            healthyAtSeconds = healthy.TryGetValue(name, out var h) ? h : (double?)null,
        });

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await watching;
        stop.Dispose();
    }
}
