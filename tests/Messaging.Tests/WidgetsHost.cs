using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Hosting.Server;
using Nacka.Messaging.Outbox;
using Nacka.Messaging.ReadModels;
using Nacka.Messaging.Replay;
using Nacka.Messaging.Tests.Widgets;
using Nacka.Persistence;
using Nacka.Testing;

namespace Nacka.Messaging.Tests;

/// <summary>
/// A service built like the real ones (Aspire Npgsql DbContext, AddMessaging, the replay feed)
/// around the widgets test domain, on the test PostgreSQL and RabbitMQ. Two hosts on one database
/// behave as two replicas of one service.
/// </summary>
public sealed class WidgetsHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WidgetsHost(WebApplication app, string queuePrefix)
    {
        _app = app;
        QueuePrefix = queuePrefix;
    }

    public string QueuePrefix { get; }

    /// <summary>The consumer's queue, as the service's naming convention makes it.</summary>
    public string ConsumerQueue => QueuePrefix + ".widget-registered";

    public IServiceProvider Services => _app.Services;

    public HttpClient CreateClient() => _app.GetTestClient();

    /// <summary>A handler reaching this host in memory, for another host's HttpClient (a producer's feed).</summary>
    public HttpMessageHandler CreateHandler() => _app.GetTestServer().CreateHandler();

    public static async Task<WidgetsHost> StartAsync(TestInfrastructure infrastructure, string databaseConnectionString,
        bool withConsumer = true, string? queuePrefix = null, int consumerRetries = 1, string pollInterval = "00:00:00.500",
        Action<WebApplicationBuilder>? beforeMessaging = null, int batchSize = 100)
    {
        // Unique per test: queues are durable and would otherwise carry one test's events into the next.
        queuePrefix ??= "widgets-" + Guid.NewGuid().ToString("N")[..8];
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{WidgetsDbContext.ConnectionName}"] = databaseConnectionString,
            ["ConnectionStrings:messaging"] = infrastructure.MessagingConnectionString,
            ["Messaging:PollInterval"] = pollInterval,
            ["Messaging:BatchSize"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Messaging:PublishTimeout"] = "00:00:02",
            ["Messaging:BacklogDegradedAfter"] = "00:00:01",
            ["Messaging:ConsumerRetries"] = consumerRetries.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.AddServiceDatabase<WidgetsDbContext>(WidgetsDbContext.ConnectionName);
        if (withConsumer)
        {
            FollowOwnRegistrations(builder);
        }

        beforeMessaging?.Invoke(builder);
        builder.AddMessaging<WidgetsDbContext>(queuePrefix, [typeof(WidgetRegistered), typeof(WidgetRenamed)]);

        var app = builder.Build();
        app.MapEventFeed<WidgetsDbContext>();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // A test-only schema; the services themselves apply committed migrations.
            var db = scope.ServiceProvider.GetRequiredService<WidgetsDbContext>();
            if (await db.Database.EnsureCreatedAsync())
            {
                // What a service's migration adds beside its model: the outbox's wake-up trigger.
                await db.Database.ExecuteSqlRawAsync(OutboxWakeTrigger.CreateSql(db.SchemaOf<OutboxMessage>()));
            }
        }

        await app.StartAsync();
        if (withConsumer)
        {
            // The consumer's queue must exist before anything is published to the exchange.
            await app.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
        }

        return new WidgetsHost(app, queuePrefix);
    }

    /// <summary>
    /// The consumer the tests watch: a read model of this host's own registrations, built like the
    /// services' read models, that records one effect per applied event (so a duplicate would show)
    /// and throws on a name starting with "poison".
    /// </summary>
    private static void FollowOwnRegistrations(WebApplicationBuilder builder)
    {
        builder.AddReadModel<WidgetsDbContext>(model => model.On<WidgetRegistered>((db, e, ct) =>
        {
            if (e.Name.StartsWith("poison", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Cannot handle widget '{e.Name}'.");
            }

            db.Effects.Add(new WidgetEffect { EventId = e.EventId, WidgetId = e.WidgetId, Name = e.Name });
            return Task.CompletedTask;
        }));
        // Its own replay feed, in memory, should a gap ever need filling.
        builder.Services.AddHttpClient(ProducerFeed.ClientName("widgets"))
            .ConfigurePrimaryHttpMessageHandler(services => ((TestServer)services.GetRequiredService<IServer>()).CreateHandler());
    }

    /// <summary>Registers a widget: the row and its event in one SaveChanges.</summary>
    public async Task<WidgetRegistered> RegisterAsync(string name)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WidgetsDbContext>();
        var widget = new Widget { Id = Guid.NewGuid(), Name = name, Version = 1 };
        db.Widgets.Add(widget);
        var registered = new WidgetRegistered(Guid.NewGuid(), DateTimeOffset.UtcNow, widget.Id, 1, name);
        db.AddIntegrationEvent(registered);
        await db.SaveChangesAsync();
        return registered;
    }

    /// <summary>Renames a widget: version check, the change and its event in one SaveChanges.</summary>
    public async Task<WidgetRenamed> RenameAsync(Guid widgetId, string name)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WidgetsDbContext>();
        var widget = await db.Widgets.SingleAsync(w => w.Id == widgetId);
        widget.Name = name;
        widget.Version++;
        var renamed = new WidgetRenamed(Guid.NewGuid(), DateTimeOffset.UtcNow, widget.Id, widget.Version, name);
        db.AddIntegrationEvent(renamed);
        await db.SaveChangesAsync();
        return renamed;
    }

    public async Task<T> QueryAsync<T>(Func<WidgetsDbContext, Task<T>> query)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<WidgetsDbContext>());
    }

    /// <summary>Switches this database's outbox wake-up trigger (<see cref="OutboxWakeTrigger"/>) off or on: rows then written wake nobody.</summary>
#pragma warning disable EF1003 // constants only: a trigger's name cannot be a parameter
    public Task WakeTriggerAsync(bool on) => QueryAsync(db => db.Database.ExecuteSqlRawAsync(
        "ALTER TABLE widgets.outbox_messages " + (on ? "ENABLE" : "DISABLE") + " TRIGGER " + OutboxWakeTrigger.Name));
#pragma warning restore EF1003

    public Task<int> UnsentCountAsync() => QueryAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.SentAt == null));

    /// <summary>Events with no feed position yet: the sequencer numbers rows apart from the dispatcher, so sent is not yet in the feed.</summary>
    public Task<int> NotInFeedCountAsync() => QueryAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.Position == null));

    public Task<HealthReportEntry> OutboxHealthAsync() => HealthAsync("outbox");

    public async Task<HealthReportEntry> HealthAsync(string check)
    {
        var report = await _app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == check);
        return report.Entries[check];
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
