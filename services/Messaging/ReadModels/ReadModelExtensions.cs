using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nacka.Contracts;

namespace Nacka.Messaging.ReadModels;

public static class ReadModelExtensions
{
    /// <summary>
    /// A read model of other services' data in <typeparamref name="TContext"/>, fed by their events
    /// in each entity's version order with gaps filled from their replay feeds. Call before
    /// <c>AddMessaging</c>, which subscribes a queue per event type named in <paramref name="configure"/>.
    /// </summary>
    public static IHostApplicationBuilder AddReadModel<TContext>(this IHostApplicationBuilder builder, Action<ReadModelHandlers<TContext>> configure)
        where TContext : DbContext
    {
        var handlers = new ReadModelHandlers<TContext>();
        configure(handlers);
        builder.Services.AddSingleton(handlers);
        builder.Services.AddScoped<ReadModelApplier<TContext>>();
        builder.Services.AddSingleton<ReadModelWriter<TContext>>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ReadModelWriter<TContext>>());
        builder.Services.AddSingleton<ProducerFeed>();
        foreach (var service in handlers.EventTypes.Select(t => EventNaming.For(t).Service).Distinct())
        {
            var address = builder.Configuration[$"ReadModels:Feeds:{service}"] ?? $"http://{service}";
            builder.Services.AddHttpClient(ProducerFeed.ClientName(service), client => client.BaseAddress = new Uri(address));
        }

        return builder;
    }

    /// <summary>The consumers a read model registered with <see cref="AddReadModel{TContext}"/> needs (used by AddMessaging).</summary>
    internal static IEnumerable<Type> ReadModelConsumers<TContext>(this IServiceCollection services) where TContext : DbContext =>
        services.Where(d => d.ServiceType == typeof(ReadModelHandlers<TContext>) && d.ImplementationInstance is ReadModelHandlers<TContext>)
            .SelectMany(d => ((ReadModelHandlers<TContext>)d.ImplementationInstance!).EventTypes)
            .Select(t => typeof(ReadModelConsumer<,>).MakeGenericType(t, typeof(TContext)));
}
