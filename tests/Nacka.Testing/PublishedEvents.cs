using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nacka.Contracts;
using Nacka.Messaging.Outbox;
using Nacka.Messaging.ReadModels;

namespace Nacka.Testing;

/// <summary>Events as a producer committed them, and handing one to a follower's read model directly (as a redelivery would).</summary>
public static class PublishedEvents
{
    /// <summary>
    /// The newest <typeparamref name="TEvent"/> about <paramref name="subject"/> in the outbox of the service behind
    /// <paramref name="producer"/>, once the sequencer has given it a feed position: a follower handed it directly fills the versions
    /// it lacks from the producer's replay feed, which shows only sequenced rows (the sequencer numbers them soon after commit).
    /// </summary>
    public static async Task<TEvent> LastAsync<TEvent, TContext>(IServiceProvider producer, Guid subject)
        where TEvent : IIntegrationEvent
        where TContext : DbContext
    {
        var type = EventNaming.For<TEvent>().CloudEventType;
        OutboxMessage? newest = null;
        await Eventually.HoldsAsync(async () =>
        {
            await using var scope = producer.CreateAsyncScope();
            newest = await scope.ServiceProvider.GetRequiredService<TContext>().Set<OutboxMessage>().AsNoTracking()
                .Where(m => m.Type == type && m.SubjectId == subject).OrderByDescending(m => m.Id).FirstOrDefaultAsync();
            return newest?.Position is not null;
        }, TimeSpan.FromSeconds(30),
            () => Task.FromResult(newest is null ? $"no {type} about {subject} in the outbox" : $"{type} about {subject} not sequenced"));
        return System.Text.Json.JsonSerializer.Deserialize<TEvent>(newest!.Payload, ContractJson.Options)!;
    }

    /// <summary>
    /// Every event of the given types about any of <paramref name="subjects"/> in the outbox of the service behind
    /// <paramref name="producer"/>, in the order committed — to deliver again, in any order, as a broker may.
    /// </summary>
    public static async Task<List<IIntegrationEvent>> AboutAsync<TContext>(IServiceProvider producer, IReadOnlyCollection<Guid> subjects,
        params Type[] eventTypes)
        where TContext : DbContext
    {
        var types = eventTypes.ToDictionary(t => EventNaming.For(t).CloudEventType);
        await using var scope = producer.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<TContext>().Set<OutboxMessage>().Where(m => types.Keys.Contains(m.Type))
            .OrderBy(m => m.Id).ToListAsync();
        return [.. rows.Select(m => (IIntegrationEvent)System.Text.Json.JsonSerializer.Deserialize(m.Payload, types[m.Type], ContractJson.Options)!)
            .Where(e => subjects.Contains(e.SubjectId))];
    }

    /// <summary>
    /// What a broker may do: <paramref name="events"/> delivered again to the service behind <paramref name="follower"/>, each
    /// twice, in an order drawn from <paramref name="seed"/>. None may be applied again, and <paramref name="answers"/> (what
    /// the follower says on every day the test reads) must be what it was before.
    /// </summary>
    public static async Task RedeliveredChangeNothingAsync<TContext>(IServiceProvider follower, IReadOnlyCollection<IIntegrationEvent> events, int seed,
        Func<Task<string>> answers, string describe) where TContext : DbContext
    {
        var before = await answers();
        var again = events.SelectMany(e => new[] { e, e }).ToArray();
        new Random(seed).Shuffle(again);
        foreach (var e in again)
        {
            Xunit.Assert.True(await ApplyAsync<TContext>(follower, e) == 0, $"{e.GetType().Name} v{e.Version} applied again; {describe}");
        }

        var after = await answers();
        var changed = before.Split('\n').Zip(after.Split('\n')).FirstOrDefault(pair => pair.First != pair.Second);
        Xunit.Assert.True(before == after, $"answers changed by delivering events again: {changed.First} became {changed.Second}; {describe}");
    }

    /// <summary>Applies <paramref name="e"/> to the read model of the service behind <paramref name="follower"/>; returns how many versions were
    /// applied.</summary>
    public static async Task<int> ApplyAsync<TContext>(IServiceProvider follower, IIntegrationEvent e) where TContext : DbContext
    {
        await using var scope = follower.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReadModelApplier<TContext>>().ApplyAsync(e, CancellationToken.None);
    }
}
