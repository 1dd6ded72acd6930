using System.Diagnostics;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Nacka.Bench;

/// <summary>
/// What the machine itself allows, measured in the same run so every other figure can be read as a
/// multiple of it: one row inserted and committed with plain Npgsql, and one message published with
/// a confirm and consumed with plain RabbitMQ.Client.
/// </summary>
public static class Floor
{
    public static async Task<Latencies> PostgresInsertCommitAsync(string connectionString, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS bench_floor (id bigserial PRIMARY KEY, payload text NOT NULL)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        var latencies = new Latencies();
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var insert = new NpgsqlCommand("INSERT INTO bench_floor (payload) VALUES ($1)", connection, transaction))
            {
                insert.Parameters.AddWithValue($"row {i}");
                await insert.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
            latencies.AddSince(started);
        }

        await using var drop = new NpgsqlCommand("DROP TABLE bench_floor", connection);
        await drop.ExecuteNonQueryAsync();
        return latencies;
    }

    public static async Task<Latencies> RabbitPublishConfirmConsumeAsync(string amqpUri, int count)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(amqpUri) }.CreateConnectionAsync();
        await using var publisher = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true,
            publisherConfirmationTrackingEnabled: true));
        await using var consumerChannel = await connection.CreateChannelAsync();
        var queue = (await consumerChannel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        var latencies = new Latencies();
        var arrived = new SemaphoreSlim(0);
        var sentAt = new long[count];
        var consumer = new AsyncEventingBasicConsumer(consumerChannel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            latencies.AddSince(sentAt[int.Parse(delivery.BasicProperties.MessageId!, System.Globalization.CultureInfo.InvariantCulture)]);
            arrived.Release();
            return Task.CompletedTask;
        };
        await consumerChannel.BasicConsumeAsync(queue, autoAck: true, consumer);

        var body = new byte[300];
        for (var i = 0; i < count; i++)
        {
            sentAt[i] = Stopwatch.GetTimestamp();
            var properties = new BasicProperties { MessageId = i.ToString(System.Globalization.CultureInfo.InvariantCulture), Persistent = true };
            await publisher.BasicPublishAsync("", queue, mandatory: false, properties, body);
            await arrived.WaitAsync(TimeSpan.FromSeconds(10));
        }

        return latencies;
    }
}
