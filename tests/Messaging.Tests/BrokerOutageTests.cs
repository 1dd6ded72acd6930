using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Nacka.Contracts;
using Nacka.Messaging.Tests.Widgets;
using Nacka.Testing;
using RabbitMQ.Client;
using Xunit;

namespace Nacka.Messaging.Tests;

/// <summary>What a service shows and keeps doing when the broker goes away, and what a subscriber finds before the first event.</summary>
public sealed class BrokerOutageTests(TestInfrastructure infrastructure)
{
    private string NewDatabase() => infrastructure.NewDatabaseConnectionString("widgets");

    [Fact]
    public async Task Every_exchange_of_the_services_contracts_exists_once_it_is_healthy_before_any_event_was_published()
    {
        var exchanges = new[] { typeof(WidgetRegistered), typeof(WidgetRenamed) }.Select(t => EventNaming.For(t).Exchange).ToList();
        var connection = await new ConnectionFactory { Uri = new Uri(infrastructure.MessagingConnectionString) }
            .CreateConnectionAsync(TestContext.Current.CancellationToken);
        await using (var cleanup = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken))
        {
            // Earlier tests in this assembly published widgets: start from a broker that has never seen them.
            foreach (var exchange in exchanges)
            {
                await cleanup.ExchangeDeleteAsync(exchange, cancellationToken: TestContext.Current.CancellationToken);
            }
        }

        await using var host = await WidgetsHost.StartAsync(infrastructure, NewDatabase(), withConsumer: false);
        await Eventually.HoldsAsync(async () => (await host.HealthAsync("rabbitmq")).Status == HealthStatus.Healthy, TimeSpan.FromSeconds(30));

        // Nothing was published, yet a subscriber can bind to every documented exchange: a passive
        // declare fails (and closes the channel) when the exchange does not exist.
        await using (connection)
        {
            foreach (var exchange in exchanges)
            {
                await using var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
                await channel.ExchangeDeclarePassiveAsync(exchange, TestContext.Current.CancellationToken);
            }
        }
    }

    [Fact]
    public async Task During_an_outage_the_feed_serves_committed_events_within_a_second_health_names_the_broker_within_10_s_and_both_recover()
    {
        await using var host = await WidgetsHost.StartAsync(infrastructure, NewDatabase(), withConsumer: false, pollInterval: "00:00:05");
        using var client = host.CreateClient();
        await Eventually.HoldsAsync(async () => (await host.HealthAsync("rabbitmq")).Status == HealthStatus.Healthy, TimeSpan.FromSeconds(30));

        await infrastructure.StopRabbitMqAsync();
        try
        {
            var stopped = Stopwatch.StartNew();
            var written = new List<Guid>();
            for (var i = 0; i < 20; i++)
            {
                written.Add((await host.RegisterAsync($"during outage {i}")).EventId);
            }

            // The feed is the subscribers' way back: it must not wait for the broker (nor the 5 s poll).
            var sinceLastWrite = Stopwatch.StartNew();
            await Eventually.HoldsAsync(async () => (await FeedAsync(client)).Count == written.Count, TimeSpan.FromSeconds(1),
                async () => $"{(await FeedAsync(client)).Count} of {written.Count} in the feed after {sinceLastWrite.Elapsed}");
            var feed = await FeedAsync(client);
            Assert.Equal(written, feed.Select(e => e["eventId"]!.GetValue<Guid>()));
            Assert.Equal(Enumerable.Range(1, written.Count).Select(p => (long)p), feed.Select(e => e["position"]!.GetValue<long>()));

            await Eventually.HoldsAsync(async () => (await host.HealthAsync("rabbitmq")).Status == HealthStatus.Degraded,
                TimeSpan.FromSeconds(10) - stopped.Elapsed);
            Assert.Contains("RabbitMQ", (await host.HealthAsync("rabbitmq")).Description, StringComparison.Ordinal);
        }
        finally
        {
            await infrastructure.RestartRabbitMqAsync();
        }

        await Eventually.HoldsAsync(async () => (await host.HealthAsync("rabbitmq")).Status == HealthStatus.Healthy, TimeSpan.FromSeconds(60));
        await Eventually.HoldsAsync(async () => await host.UnsentCountAsync() == 0, TimeSpan.FromSeconds(60));
        Assert.Equal(20, (await FeedAsync(client)).Count);
    }

    [Fact]
    public async Task While_the_broker_is_away_the_dispatcher_claims_nothing_and_publishes_within_seconds_of_its_return()
    {
        // Each try during the outage would lease rows and wait in a publish (inside MassTransit's reconnect backoff): nothing is
        // claimed or tried while the broker link is down, and the link's return (checked every second) lets the backlog go.
        await using var host = await WidgetsHost.StartAsync(infrastructure, NewDatabase(), withConsumer: false, pollInterval: "00:00:05");
        await Eventually.HoldsAsync(async () => (await host.HealthAsync("rabbitmq")).Status == HealthStatus.Healthy, TimeSpan.FromSeconds(30));

        await infrastructure.StopRabbitMqAsync();
        try
        {
            await Eventually.HoldsAsync(async () => (await host.HealthAsync("rabbitmq")).Status == HealthStatus.Degraded, TimeSpan.FromSeconds(10));
            for (var i = 0; i < 5; i++)
            {
                await host.RegisterAsync($"while away {i}");
            }

            // Long enough for several of the dispatcher's retries (one a second) and a publish timeout (2 s here).
            await Task.Delay(TimeSpan.FromSeconds(4), TestContext.Current.CancellationToken);
            var rows = await host.QueryAsync(db => db.Set<Nacka.Messaging.Outbox.OutboxMessage>().Where(m => m.SentAt == null)
                .Select(m => new { m.Attempts, m.LockedUntil, m.LastError }).ToListAsync());
            Assert.Equal(5, rows.Count);
            Assert.All(rows, row => Assert.True(row is { Attempts: 0, LockedUntil: null, LastError: null }, $"claimed or tried: {row}"));
        }
        finally
        {
            await infrastructure.RestartRabbitMqAsync();
        }

        await Eventually.HoldsAsync(async () => (await host.HealthAsync("rabbitmq")).Status == HealthStatus.Healthy, TimeSpan.FromSeconds(60));
        // The dispatcher looks again a second after its last look; MassTransit connects on the first publish.
        await Eventually.HoldsAsync(async () => await host.UnsentCountAsync() == 0, TimeSpan.FromSeconds(10));
    }

    private static async Task<List<JsonNode>> FeedAsync(HttpClient client)
    {
        var page = await client.GetFromJsonAsync<JsonObject>("/events?after=0&limit=1000", TestContext.Current.CancellationToken);
        return [.. page!["events"]!.AsArray().Select(e => e!)];
    }
}
