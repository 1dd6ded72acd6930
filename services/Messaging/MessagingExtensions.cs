using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Nacka.Messaging;

public static class MessagingExtensions
{
    /// <summary>The Aspire connection string every service uses for the broker.</summary>
    public const string ConnectionName = "messaging";

    /// <summary>
    /// Connects the service to RabbitMQ through MassTransit, from the <c>messaging</c> connection
    /// string (<c>amqp://user:password@host:port/vhost</c>) that the AppHost provides whether the
    /// broker runs in a container, as a local process or elsewhere. MassTransit registers its bus
    /// health check (tagged <c>ready</c>), so <c>/health</c> fails while the broker is unreachable.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator>? configureConsumers = null)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException(
                $"Connection string '{ConnectionName}' is missing. Run the service through the AppHost, or set ConnectionStrings__{ConnectionName}.");
        var broker = BrokerAddress.Parse(connectionString);

        builder.Services.AddMassTransit(bus =>
        {
            configureConsumers?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(broker.Host, broker.Port, broker.VirtualHost, host =>
                {
                    host.Username(broker.Username);
                    host.Password(broker.Password);
                    host.PublisherConfirmation = true;
                });
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
