using Microsoft.Extensions.Diagnostics.HealthChecks;
using Nacka.LocalServers;

namespace Nacka.AppHost.Infrastructure;

/// <summary>Healthy once the local broker accepts its own AMQP login (<see cref="LocalRabbitMq.AcceptsLoginAsync"/>).</summary>
internal sealed class AmqpConnectHealthCheck(LocalRabbitMq broker) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await broker.LoginFailureAsync(cancellationToken) is { } failure
            ? HealthCheckResult.Unhealthy(failure.Message, failure)
            : HealthCheckResult.Healthy();
}
