using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nacka.Contracts;
using Nacka.Messaging.Bus;
using Nacka.Messaging.Outbox;
using Nacka.Messaging.ReadModels;
using Nacka.Messaging.Telemetry;

namespace Nacka.Messaging;

public static class MessagingExtensions
{
    /// <summary>The Aspire connection string every service uses for the broker.</summary>
    public const string ConnectionName = "messaging";

    /// <summary>
    /// Everything a service needs to publish and consume integration events: the outbox on
    /// <typeparamref name="TContext"/> (call <c>modelBuilder.AddMessagingTables()</c> in it), its
    /// dispatcher, a consumer per event a read model follows (<c>AddReadModel</c>), the wire format, metrics and the backlog health check.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="serviceName">Prefix of this service's queue names (<c>units</c> → <c>units.mandate-granted</c>).</param>
    /// <param name="additionalEventTypes">Event types outside the contracts package (tests use their own).</param>
    public static IHostApplicationBuilder AddMessaging<TContext>(this IHostApplicationBuilder builder, string serviceName,
        IEnumerable<Type>? additionalEventTypes = null)
        where TContext : DbContext
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException(
                $"Connection string '{ConnectionName}' is missing. Run the service through the AppHost, or set ConnectionStrings__{ConnectionName}.");
        var broker = BrokerAddress.Parse(connectionString);

        builder.Services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var registry = new EventTypeRegistry(additionalEventTypes ?? []);
        builder.Services.AddSingleton(registry);
        builder.Services.AddSingleton(services => new BrokerLink(broker,
            [.. registry.ExchangesOf(serviceName).Union((additionalEventTypes ?? []).Select(t => EventNaming.For(t).Exchange))],
            services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<BrokerLink>>()));
        builder.Services.AddHostedService(services => services.GetRequiredService<BrokerLink>());
        builder.Services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
            "rabbitmq", services => services.GetRequiredService<BrokerLink>(), failureStatus: null, tags: ["ready"]));
        builder.Services.AddSingleton<MessagingTelemetry>();
        builder.Services.AddSingleton<OutboxPublisher>();
        builder.Services.AddSingleton<OutboxHandoff>();
        builder.Services.AddHostedService<OutboxDispatcher<TContext>>();
        builder.Services.AddHostedService<OutboxSequencer<TContext>>();
        builder.Services.AddHealthChecks().AddCheck<OutboxHealthCheck<TContext>>("outbox", tags: ["ready"]);

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new ServiceQueueNameFormatter(serviceName));
            // MassTransit 8.4+ reports each bus's configuration (endpoints, host, versions) to usage-tracking.masstransit.io after
            // start unless told not to: a municipal register sends nothing to a third party, and without a network route the
            // attempt logged a warning with a stack trace on every start.
            bus.DisableUsageTelemetry();
            // Degraded at worst: the bus not started yet (first probes of a fresh start) or the
            // broker gone is a wait for the outbox, not a service that is down; an Unhealthy check
            // is logged as an error on every probe.
            bus.ConfigureHealthCheckOptions(health => health.MinimalFailureStatus = Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded);
            bus.AddConfigureEndpointsCallback((context, _, endpoint) =>
            {
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit
                    && context.GetRequiredService<Microsoft.Extensions.Options.IOptions<MessagingOptions>>().Value.QuorumQueues)
                {
                    rabbit.SetQuorumQueue();
                }
            });
            foreach (var consumer in builder.Services.ReadModelConsumers<TContext>().ToList())
            {
                bus.AddConsumer(consumer);
            }

            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(broker.Host, broker.Port, broker.VirtualHost, host =>
                {
                    host.Username(broker.Username);
                    host.Password(broker.Password);
                    host.PublisherConfirmation = true;
                });

                // Plain JSON bodies with no MassTransit envelope: what a Python or Node subscriber
                // reads, and what our own consumers read too.
                rabbit.UseRawJsonSerializer(
                    RawSerializerOptions.AddTransportHeaders | RawSerializerOptions.CopyHeaders | RawSerializerOptions.AnyMessageType, isDefault: true);
                rabbit.ConfigureJsonSerializerOptions(ContractJson.Apply);
                rabbit.MessageTopology.SetEntityNameFormatter(new ContractEntityNameFormatter(rabbit.MessageTopology.EntityNameFormatter));
                // Only the concrete event's exchange exists; no exchange for the shared interface.
                rabbit.Publish<IIntegrationEvent>(p => p.Exclude = true);

                var retries = context.GetRequiredService<Microsoft.Extensions.Options.IOptions<MessagingOptions>>().Value.ConsumerRetries;
                rabbit.UseMessageRetry(retry => retry.Exponential(retries, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10),
                    TimeSpan.FromMilliseconds(300)));
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
