using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;

namespace Nacka.AppHost.Infrastructure;

/// <summary>
/// Healthy once the broker accepts an authenticated AMQP connection: stricter than an open port,
/// which RabbitMQ can show before its boot has finished.
/// </summary>
internal sealed class AmqpConnectHealthCheck(string connectionString) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var factory = new ConnectionFactory { Uri = new Uri(connectionString), RequestedConnectionTimeout = TimeSpan.FromSeconds(3) };
            await using var connection = await factory.CreateConnectionAsync("nacka-apphost-health", cancellationToken);
            return connection.IsOpen ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("connection closed");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy(ex.Message, ex);
        }
    }
}
