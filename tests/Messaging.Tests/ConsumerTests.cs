using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nacka.Contracts;
using Nacka.Messaging.ReadModels;
using Nacka.Messaging.Tests.Widgets;
using Nacka.Testing;
using RabbitMQ.Client;
using Xunit;

namespace Nacka.Messaging.Tests;

/// <summary>
/// A service's consumers, as every read model runs them (WidgetsHost follows its own
/// registrations with <c>AddReadModel</c>): duplicates skipped by the entity's version, a poison
/// event parked without blocking the queue, and the metrics that show both.
/// </summary>
public sealed class ConsumerTests(TestInfrastructure infrastructure)
{
    private static readonly string RegisteredExchange = EventNaming.For<WidgetRegistered>().Exchange;

    [Fact]
    public async Task The_same_event_delivered_twice_has_one_effect()
    {
        await using var host = await WidgetsHost.StartAsync(infrastructure, infrastructure.NewDatabaseConnectionString("widgets"));
        var first = await host.RegisterAsync("once");
        await Eventually.HoldsAsync(async () => await host.QueryAsync(db => db.Effects.AnyAsync(e => e.EventId == first.EventId)), TimeSpan.FromSeconds(30));

        // Redeliver it twice more, as a broker would after a lost ack, from a plain AMQP client.
        await PublishRawAsync(first);
        await PublishRawAsync(first);
        var marker = await host.RegisterAsync("marker after the duplicates");
        await Eventually.HoldsAsync(async () => await host.QueryAsync(db => db.Effects.AnyAsync(e => e.EventId == marker.EventId)), TimeSpan.FromSeconds(30));
        await Task.Delay(500);

        Assert.Equal(1, await host.QueryAsync(db => db.Effects.CountAsync(e => e.EventId == first.EventId)));
        Assert.Equal(1, await host.QueryAsync(db => db.Set<ReadModelVersion>().Where(v => v.EntityId == first.WidgetId).Select(v => v.Version).SingleAsync()));
    }

    [Fact]
    public async Task A_poison_event_lands_in_the_error_queue_while_the_next_events_are_consumed()
    {
        await using var host = await WidgetsHost.StartAsync(infrastructure, infrastructure.NewDatabaseConnectionString("widgets"), consumerRetries: 2);
        var poison = await host.RegisterAsync("poison pill");
        var healthy = new List<WidgetRegistered>();
        for (var i = 0; i < 3; i++)
        {
            healthy.Add(await host.RegisterAsync($"healthy {i}"));
        }

        await Eventually.HoldsAsync(async () => await host.QueryAsync(db => db.Effects.CountAsync()) == 3, TimeSpan.FromSeconds(60));
        var errorQueue = host.ConsumerQueue + "_error";
        var parked = await GetOneAsync(errorQueue, TimeSpan.FromSeconds(30));

        using var body = JsonDocument.Parse(parked);
        Assert.Equal(poison.EventId, body.RootElement.GetProperty("eventId").GetGuid());
        Assert.Equal(healthy.Select(h => h.EventId).Order(), (await host.QueryAsync(db => db.Effects.Select(e => e.EventId).ToListAsync())).Order());
        // Rolled back: the poison widget's version is not recorded as applied, so a fixed consumer could take it from the error queue.
        Assert.False(await host.QueryAsync(db => db.Set<ReadModelVersion>().AnyAsync(v => v.EntityId == poison.WidgetId && v.Version > 0)));
    }

    private async Task PublishRawAsync(WidgetRegistered registered)
    {
        var factory = new ConnectionFactory { Uri = new Uri(infrastructure.MessagingConnectionString) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var properties = new BasicProperties { MessageId = registered.EventId.ToString(), ContentType = "application/json", Persistent = true };
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(registered, ContractJson.Options));
        await channel.BasicPublishAsync(RegisteredExchange, "", mandatory: false, properties, body);
    }

    private async Task<byte[]> GetOneAsync(string queue, TimeSpan timeout)
    {
        var factory = new ConnectionFactory { Uri = new Uri(infrastructure.MessagingConnectionString) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var result = await channel.BasicGetAsync(queue, autoAck: true);
                if (result is not null)
                {
                    return result.Body.ToArray();
                }
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                // The error queue is declared when the first message fails; not there yet.
                await channel.CloseAsync();
                return await GetOneAsync(queue, deadline - DateTime.UtcNow);
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Nothing arrived in {queue} within {timeout}.");
    }

    [Fact]
    public async Task Metrics_count_what_was_published_consumed_and_skipped_and_the_backlog()
    {
        var totals = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == Telemetry.MessagingTelemetry.Name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            totals.AddOrUpdate(instrument.Name, value, (_, sum) => instrument is System.Diagnostics.Metrics.ObservableGauge<long> ? value : sum + value));
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => totals[instrument.Name] = (long)value);
        listener.Start();
        await using var host = await WidgetsHost.StartAsync(infrastructure, infrastructure.NewDatabaseConnectionString("widgets"));

        var first = await host.RegisterAsync("counted");
        await Eventually.HoldsAsync(async () => await host.QueryAsync(db => db.Effects.AnyAsync(e => e.EventId == first.EventId)), TimeSpan.FromSeconds(30));
        await PublishRawAsync(first);
        await host.RegisterAsync("poison, counted as failures");
        var marker = await host.RegisterAsync("counted marker");
        await Eventually.HoldsAsync(async () => await host.QueryAsync(db => db.Effects.AnyAsync(e => e.EventId == marker.EventId)), TimeSpan.FromSeconds(30));
        // Counters are recorded after the fact (published: after the broker's confirm, which can come after the consumer ran): awaited, then exact.
        await Eventually.HoldsAsync(() => Task.FromResult(totals.GetValueOrDefault("nacka.inbox.duplicates_skipped") >= 1
            && totals.GetValueOrDefault("nacka.outbox.published") >= 3 && totals.GetValueOrDefault("nacka.inbox.consumed") >= 2
            && totals.GetValueOrDefault("nacka.inbox.failures") >= 2), TimeSpan.FromSeconds(30));

        Assert.Equal(3, totals.GetValueOrDefault("nacka.outbox.published"));
        Assert.Equal(2, totals.GetValueOrDefault("nacka.inbox.failures")); // the first attempt and its one retry (consumerRetries: 1)
        Assert.Equal(2, totals.GetValueOrDefault("nacka.inbox.consumed"));
        Assert.Equal(1, totals.GetValueOrDefault("nacka.inbox.duplicates_skipped"));
        // The backlog gauge is read when observed; the dispatcher marks a row sent just after its confirm, so it reaches 0 a moment later.
        await Eventually.HoldsAsync(() =>
        {
            listener.RecordObservableInstruments();
            return Task.FromResult(totals.GetValueOrDefault("nacka.outbox.backlog", -1) == 0);
        }, TimeSpan.FromSeconds(10));
    }
}
