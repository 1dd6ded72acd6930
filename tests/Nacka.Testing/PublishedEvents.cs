using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nacka.Contracts;
using Nacka.Messaging.Outbox;
using Nacka.Messaging.ReadModels;

namespace Nacka.Testing;

/// <summary>Events as a producer committed them, and handing one to a follower's read model directly (as a redelivery would).</summary>
public static class PublishedEvents
{
    /// <summary>The newest <typeparamref name="TEvent"/> about <paramref name="subject"/> in the outbox of the service behind <paramref name="producer"/>.</summary>
    public static async Task<TEvent> LastAsync<TEvent, TContext>(IServiceProvider producer, Guid subject)
        where TEvent : IIntegrationEvent
        where TContext : DbContext
    {
        await using var scope = producer.CreateAsyncScope();
        var type = EventNaming.For<TEvent>().CloudEventType;
        var rows = await scope.ServiceProvider.GetRequiredService<TContext>().Set<OutboxMessage>().Where(m => m.Type == type).OrderByDescending(m => m.Id).ToListAsync();
        return rows.Select(m => System.Text.Json.JsonSerializer.Deserialize<TEvent>(m.Payload, ContractJson.Options)!).First(e => e.SubjectId == subject);
    }

    /// <summary>Applies <paramref name="e"/> to the read model of the service behind <paramref name="follower"/>; returns how many versions were applied.</summary>
    public static async Task<int> ApplyAsync<TContext>(IServiceProvider follower, IIntegrationEvent e) where TContext : DbContext
    {
        await using var scope = follower.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReadModelApplier<TContext>>().ApplyAsync(e, CancellationToken.None);
    }
}
