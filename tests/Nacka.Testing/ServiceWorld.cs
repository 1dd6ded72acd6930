using MassTransit;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Nacka.Messaging.ReadModels;

namespace Nacka.Testing;

/// <summary>
/// Several real services talking as in the running system: one RabbitMQ virtual host of their own
/// (so parallel tests publishing the same event types never feed each other), each with its own
/// database, and each read model's replay-feed client (<c>http://units</c>...) reaching the
/// in-memory server of the service by that name. Services may read each other's feeds in both
/// directions; the feed is looked up when a gap is filled.
/// </summary>
public sealed class ServiceWorld : IAsyncDisposable
{
    private static readonly string[] Services = ["units", "committees", "mandates", "processes"];
    private readonly TestInfrastructure _infrastructure;
    private readonly Dictionary<string, IServiceProvider> _running = [];
    private readonly Dictionary<string, Func<HttpMessageHandler>> _handlers = [];
    private readonly List<IAsyncDisposable> _started = [];

    private ServiceWorld(TestInfrastructure infrastructure, string messaging)
    {
        _infrastructure = infrastructure;
        Messaging = messaging;
    }

    /// <summary>The virtual host's connection string.</summary>
    public string Messaging { get; }

    public static async Task<ServiceWorld> CreateAsync(TestInfrastructure infrastructure)
        => new(infrastructure, await infrastructure.NewMessagingConnectionStringAsync());

    /// <summary>
    /// Starts <typeparamref name="TProgram"/> as <paramref name="service"/> with a fresh database and
    /// returns once its queues are bound (no event published after this is missed). Starting a
    /// service by a name already running replaces it as the feed for that name; stop the old one
    /// first (two instances would share its queues).
    /// </summary>
    public async Task<ServiceFactory<TProgram>> StartAsync<TProgram>(string service, string databaseConnectionName) where TProgram : class
    {
        var factory = new ServiceFactory<TProgram>(_infrastructure, databaseConnectionName, Messaging, web => web.ConfigureTestServices(services =>
        {
            foreach (var producer in Services)
            {
                services.AddHttpClient(ProducerFeed.ClientName(producer)).ConfigurePrimaryHttpMessageHandler(() => HandlerFor(producer));
            }
        }));
        _started.Add(factory);
        await factory.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(60));
        _running[service] = factory.Services;
        _handlers[service] = () => factory.Server.CreateHandler();
        return factory;
    }

    private HttpMessageHandler HandlerFor(string service) =>
        _handlers.TryGetValue(service, out var handler) ? handler()
            : throw new InvalidOperationException($"The {service} service is not running in this test.");

    public async ValueTask DisposeAsync()
    {
        foreach (var started in Enumerable.Reverse(_started))
        {
            await started.DisposeAsync();
        }
    }
}
