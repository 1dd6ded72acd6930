using System.Collections.Concurrent;
using System.Diagnostics;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Nacka.Bench;

/// <summary>
/// From a write's response to a plain AMQP subscriber (RabbitMQ.Client, no MassTransit, as another
/// municipal system subscribes) receiving its event: renames at a steady rate through the gateway.
/// </summary>
public static class Propagation
{

    /// <returns>
    /// Answer → subscriber, and answer → the outbox row marked sent (the broker confirmed the
    /// publish; read from Units' database afterwards): the two split the time between our
    /// dispatcher and the broker-to-subscriber leg.
    /// </returns>
    /// <remarks>
    /// And answer → the rename applied in Mandates' read model (its <c>read_model_versions</c> at the
    /// unit's new version), watched by one query every 5 ms over all pending units.
    /// </remarks>
    public static async Task<(Latencies Latencies, Latencies ToPublishConfirmed, Latencies ToReadModel, double AchievedWritesPerSecond, int Lost,
        IReadOnlyDictionary<int, int> FailedByStatus)>
        RenamesAsync(Seeding seeding, string amqpUri, string unitsDatabase, string mandatesDatabase, IReadOnlyList<Guid> units, string registrar,
            int writesPerSecond, TimeSpan duration)
    {
        var pendingInReadModel = new ConcurrentDictionary<Guid, (long Answered, int Version)>();
        var toReadModel = new Latencies();
        // Set once the writes are done: the watch ends when every rename is seen, or 30 s after that.
        long stopWatchingAtTicks = long.MaxValue;
        var watching = Task.Run(async () =>
        {
            await using var mandates = new Npgsql.NpgsqlConnection(mandatesDatabase);
            await mandates.OpenAsync();
            while (true)
            {
                if (!pendingInReadModel.IsEmpty)
                {
                    await using var versions = new Npgsql.NpgsqlCommand(
                        "SELECT entity_id, version FROM mandates.read_model_versions WHERE source = 'units' AND entity_id = ANY($1)", mandates)
                    {
                        Parameters = { new() { Value = pendingInReadModel.Keys.ToArray() } },
                    };
                    await using var reader = await versions.ExecuteReaderAsync();
                    var now = Stopwatch.GetTimestamp();
                    while (await reader.ReadAsync())
                    {
                        if (pendingInReadModel.TryGetValue(reader.GetGuid(0), out var pending) && reader.GetInt32(1) >= pending.Version
                            && pendingInReadModel.TryRemove(reader.GetGuid(0), out _))
                        {
                            toReadModel.Add(Math.Max(0, (now - pending.Answered) * 1000.0 / Stopwatch.Frequency));
                        }
                    }
                }

                var stopAt = Interlocked.Read(ref stopWatchingAtTicks);
                if (stopAt != long.MaxValue && (pendingInReadModel.IsEmpty || DateTime.UtcNow.Ticks > stopAt))
                {
                    break;
                }

                await Task.Delay(5);
            }
        });

        await using var connection = await new ConnectionFactory { Uri = new Uri(amqpUri) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.ExchangeDeclareAsync("nacka.units.unit-renamed", ExchangeType.Fanout, durable: true, autoDelete: false);
        await channel.QueueBindAsync(queue, "nacka.units.unit-renamed", "");
        var arrivedAt = new ConcurrentDictionary<string, long>();
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            if (delivery.BasicProperties.Headers?.TryGetValue("cloudEvents:subject", out var subject) == true && subject is byte[] bytes)
            {
                arrivedAt.TryAdd(System.Text.Encoding.UTF8.GetString(bytes), Stopwatch.GetTimestamp());
            }

            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer);

        // Each unit renamed once, so the subject names the write.
        var total = Math.Min(units.Count, (int)(writesPerSecond * duration.TotalSeconds));
        var answeredAt = new ConcurrentDictionary<string, long>();
        var answeredWallClock = new ConcurrentDictionary<Guid, DateTimeOffset>();
        var failed = new ConcurrentDictionary<int, int>();
        var started = Stopwatch.GetTimestamp();
        var writes = new List<Task>();
        for (var i = 0; i < total; i++)
        {
            var due = started + (long)(i * Stopwatch.Frequency / (double)writesPerSecond);
            var wait = due - Stopwatch.GetTimestamp();
            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(wait / (double)Stopwatch.Frequency));
            }

            var unit = units[i];
            writes.Add(Task.Run(async () =>
            {
                try
                {
                    var renamed = await seeding.SendAsync(HttpMethod.Post, $"/api/units/{unit}/rename",
                        new { name = $"Omdöpt {unit:N}", reason = "Belastningstest" }, registrar, CancellationToken.None);
                    var answered = Stopwatch.GetTimestamp();
                    answeredAt[unit.ToString()] = answered;
                    pendingInReadModel[unit] = (answered, renamed!["version"]!.GetValue<int>());
                    answeredWallClock[unit] = DateTimeOffset.UtcNow;
                }
                catch (WriteRefusedException refused)
                {
                    // Refused or timed out (504 past the proxy's activity timeout when the service is saturated): counted by status, not
                    // measured.
                    failed.AddOrUpdate((int)refused.Status, 1, (_, n) => n + 1);
                }
            }));
        }

        await Task.WhenAll(writes);
        var achieved = (total - failed.Values.Sum()) / Stopwatch.GetElapsedTime(started).TotalSeconds;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (arrivedAt.Count < answeredAt.Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Interlocked.Exchange(ref stopWatchingAtTicks, DateTime.UtcNow.AddSeconds(30).Ticks);
        await watching;

        var latencies = new Latencies();
        foreach (var (subject, answered) in answeredAt)
        {
            if (arrivedAt.TryGetValue(subject, out var arrived))
            {
                // An event can arrive before the HTTP answer is read: that counts as no delay.
                latencies.Add(Math.Max(0, (arrived - answered) * 1000.0 / Stopwatch.Frequency));
            }
        }

        var toPublishConfirmed = new Latencies();
        await using (var database = new Npgsql.NpgsqlConnection(unitsDatabase))
        {
            await database.OpenAsync();
            await using var sent = new Npgsql.NpgsqlCommand(
                "SELECT subject_id, sent_at FROM units.outbox_messages WHERE type LIKE '%unit-renamed%' AND sent_at IS NOT NULL AND subject_id = "
                    + "ANY($1)", database)
            {
                Parameters = { new() { Value = answeredWallClock.Keys.ToArray() } },
            };
            await using var reader = await sent.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                if (answeredWallClock.TryGetValue(reader.GetGuid(0), out var answered))
                {
                    toPublishConfirmed.Add(Math.Max(0, (reader.GetFieldValue<DateTimeOffset>(1) - answered).TotalMilliseconds));
                }
            }
        }

        return (latencies, toPublishConfirmed, toReadModel, Math.Round(achieved, 1), answeredAt.Count - latencies.Count, failed);
    }
}
