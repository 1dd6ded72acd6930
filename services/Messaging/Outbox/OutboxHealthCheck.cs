using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Nacka.Messaging.Outbox;

/// <summary>
/// Degraded while the oldest unsent event is older than <see cref="MessagingOptions.BacklogDegradedAfter"/>:
/// writes still succeed, but subscribers are falling behind (broker down, publish failing).
/// </summary>
internal sealed class OutboxHealthCheck<TContext>(TContext db, IOptions<MessagingOptions> options) : IHealthCheck
    where TContext : DbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var backlog = await OutboxStore.ReadBacklogAsync(db, cancellationToken);
        var age = backlog.Oldest is { } oldest ? DateTimeOffset.UtcNow - oldest : TimeSpan.Zero;
        var data = new Dictionary<string, object> { ["backlog"] = backlog.Count, ["oldestUnsentAgeSeconds"] = Math.Round(age.TotalSeconds, 1) };
        return age > options.Value.BacklogDegradedAfter
            ? HealthCheckResult.Degraded($"{backlog.Count} event(s) unsent; the oldest for {age:g}", data: data)
            : HealthCheckResult.Healthy($"{backlog.Count} event(s) unsent", data);
    }
}
