using System.Text;
using System.Threading.Channels;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Nacka.Testing;

/// <summary>One message as a non-.NET-platform subscriber sees it: AMQP properties, headers, bytes.</summary>
public sealed record Delivery(string? MessageId, string? ContentType, IReadOnlyDictionary<string, object?> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value switch
    {
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        null => null,
        _ => value.ToString(),
    } : null;

    public string BodyText => Encoding.UTF8.GetString(Body);
}

/// <summary>
/// A subscriber written with the plain RabbitMQ.Client and no MassTransit, exactly as
/// docs/subscribing.md tells another team to: declare the documented exchange, bind an own queue,
/// read JSON and headers.
/// </summary>
public sealed class PlainSubscriber : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly Channel<Delivery> _received = Channel.CreateUnbounded<Delivery>();

    private PlainSubscriber(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
    }

    public static async Task<PlainSubscriber> BindAsync(string amqpUri, params string[] exchanges)
    {
        var connection = await new ConnectionFactory { Uri = new Uri(amqpUri) }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        var subscriber = new PlainSubscriber(connection, channel);
        var queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true);
        foreach (var exchange in exchanges)
        {
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
            await channel.QueueBindAsync(queue.QueueName, exchange, routingKey: "");
        }

        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            var headers = delivery.BasicProperties.Headers?.ToDictionary(h => h.Key, h => h.Value) ?? [];
            subscriber._received.Writer.TryWrite(new Delivery(delivery.BasicProperties.MessageId, delivery.BasicProperties.ContentType, headers,
                delivery.Body.ToArray()));
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
        };
        await channel.BasicConsumeAsync(queue.QueueName, autoAck: false, consumer);
        return subscriber;
    }

    /// <summary>Waits for <paramref name="count"/> messages that satisfy <paramref name="wanted"/>, ignoring others.</summary>
    public async Task<List<Delivery>> ReceiveAsync(int count, TimeSpan timeout, Func<Delivery, bool>? wanted = null)
    {
        var result = new List<Delivery>();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (result.Count < count)
            {
                var delivery = await _received.Reader.ReadAsync(cts.Token);
                if (wanted is null || wanted(delivery))
                {
                    result.Add(delivery);
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Received {result.Count} of {count} expected messages within {timeout}.");
        }

        return result;
    }

    /// <summary>Everything that arrived so far and was not yet read.</summary>
    public List<Delivery> Drain()
    {
        var result = new List<Delivery>();
        while (_received.Reader.TryRead(out var delivery))
        {
            result.Add(delivery);
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.CloseAsync();
        await _connection.CloseAsync();
        _channel.Dispose();
        _connection.Dispose();
    }
}
