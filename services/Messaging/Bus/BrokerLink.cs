using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nacka.Contracts;
using RabbitMQ.Client;

namespace Nacka.Messaging.Bus;

/// <summary>
/// One watched connection to the broker, beside MassTransit's. It declares every exchange of the
/// service's contracts as soon as the broker answers, so a subscriber can bind to any exchange in
/// docs/asyncapi.yaml before the first event of that type was published; and it is what
/// <c>/health</c> asks about the broker: MassTransit's own bus check stays Healthy while a service
/// with no consumers cannot publish, which hid outages. The outbox's publishes go out on it too
/// (<see cref="PublishAsync"/>), so the dispatcher publishes exactly when this link says the broker is there.
/// </summary>
internal sealed class BrokerLink(BrokerAddress broker, IReadOnlyList<string> exchanges, ILogger<BrokerLink> logger) : BackgroundService, IHealthCheck
{
    /// <summary>How often the link is checked and, when down, retried: an outage shows in /health within this plus the heartbeat.</summary>
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly ConnectionFactory _factory = new()
    {
        HostName = broker.Host,
        Port = broker.Port,
        VirtualHost = broker.VirtualHost,
        UserName = broker.Username,
        Password = broker.Password,
        // Our loop reconnects and re-declares; a silent network loss is noticed by the heartbeat.
        AutomaticRecoveryEnabled = false,
        RequestedHeartbeat = TimeSpan.FromSeconds(5),
        RequestedConnectionTimeout = TimeSpan.FromSeconds(3),
        ClientProvidedName = "nacka-broker-link",
    };

    /// <summary>
    /// The publishing channel's options: confirms tracked by the client, so a publish returns once the broker confirmed it, and no
    /// rate limiter. The client's default limiter (which MassTransit's channels keep, with no setting to change it) lets 128
    /// publishes wait for a confirm and sleeps every publish beyond 64 for 0.5–1 s; the dispatcher bounds what it has in flight
    /// itself (<see cref="MessagingOptions.BatchSize"/>).
    /// </summary>
    private static readonly CreateChannelOptions ConfirmedPublishing = new(publisherConfirmationsEnabled: true,
        publisherConfirmationTrackingEnabled: true, outstandingPublisherConfirmationsRateLimiter: null);

    private readonly SemaphoreSlim _publishingGate = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _declared = new(StringComparer.Ordinal);
    private volatile IConnection? _connection;
    private volatile IChannel? _publishing;
    private volatile string _problem = "not connected yet";
    private DateTimeOffset _downSince = DateTimeOffset.UtcNow;

    private string Where => $"RabbitMQ at {broker.Host}:{broker.Port}";

    /// <summary>Whether the link's own connection is open: false from start until it first connects, and from a loss until it reconnects.</summary>
    public bool IsConnected => _connection is { IsOpen: true };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wasUp = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (_connection is not { IsOpen: true })
            {
                if (wasUp)
                {
                    _downSince = DateTimeOffset.UtcNow;
                    _problem = "connection lost";
                    logger.LogWarning("{Broker} is unreachable; events wait in the outbox until it returns", Where);
                    wasUp = false;
                }

                wasUp = await TryConnectAsync(stoppingToken);
                if (wasUp)
                {
                    logger.LogInformation("{Broker} connected; {Count} exchange(s) declared", Where, exchanges.Count);
                }
            }

            await Task.Delay(CheckInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<bool> TryConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_connection is { } old)
            {
                _connection = null;
                await old.DisposeAsync();
            }

            var connection = await _factory.CreateConnectionAsync(cancellationToken);
            await using (var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken))
            {
                foreach (var exchange in exchanges)
                {
                    // The same declaration MassTransit makes on first publish (durable fanout), so both agree.
                    await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
                }
            }

            _declared.Clear();
            foreach (var exchange in exchanges)
            {
                _declared[exchange] = true;
            }

            _connection = connection;
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            _problem = ex.InnerException?.Message ?? ex.Message;
            return false;
        }
    }

    /// <summary>
    /// Publishes <paramref name="body"/> on <paramref name="exchange"/> (durable fanout, declared first if this connection has not
    /// declared it) and returns once the broker confirmed it; throws when the link is down, the broker refused it or
    /// <paramref name="cancellationToken"/> ended the wait. Publishes may run concurrently: their confirms are awaited together.
    /// </summary>
    public async Task PublishAsync(string exchange, BasicProperties properties, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var channel = await PublishingChannelAsync(cancellationToken);
        if (!_declared.ContainsKey(exchange))
        {
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
            _declared[exchange] = true;
        }

        await channel.BasicPublishAsync(exchange, routingKey: "", mandatory: false, properties, body, cancellationToken);
    }

    /// <summary>The open publishing channel, opened (again) on the link's current connection when there is none.</summary>
    private async ValueTask<IChannel> PublishingChannelAsync(CancellationToken cancellationToken)
    {
        if (_publishing is { IsOpen: true } open)
        {
            return open;
        }

        await _publishingGate.WaitAsync(cancellationToken);
        try
        {
            if (_publishing is { IsOpen: true } opened)
            {
                return opened;
            }

            var connection = _connection is { IsOpen: true } current ? current
                : throw new InvalidOperationException($"{Where} is not connected: {_problem}");
            if (_publishing is { } closed)
            {
                _publishing = null;
                await CloseQuietlyAsync(closed);
            }

            _publishing = await connection.CreateChannelAsync(ConfirmedPublishing, cancellationToken);
            return _publishing;
        }
        finally
        {
            _publishingGate.Release();
        }
    }

    /// <summary>Disposes a channel whose connection may be gone already: nothing about it is worth an error then.</summary>
    private static async Task CloseQuietlyAsync(IChannel channel)
    {
        try
        {
            await channel.DisposeAsync();
        }
        catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.RabbitMQClientException or IOException or ObjectDisposedException
            or OperationCanceledException)
        {
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_connection is { IsOpen: true })
        {
            return Task.FromResult(HealthCheckResult.Healthy($"{Where} connected; {exchanges.Count} exchange(s) declared"));
        }

        // Degraded, not Unhealthy: reads and writes still work, events wait in the outbox.
        var data = new Dictionary<string, object> { ["broker"] = $"{broker.Host}:{broker.Port}", ["downSince"] = _downSince };
        return Task.FromResult(HealthCheckResult.Degraded($"{Where} unreachable since {_downSince:u}: {_problem}. Events wait in the outbox.", data: data));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_publishing is { } channel)
        {
            await CloseQuietlyAsync(channel);
        }

        if (_connection is { } connection)
        {
            await connection.DisposeAsync();
        }
    }
}
