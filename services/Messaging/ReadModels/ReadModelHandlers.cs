using Microsoft.EntityFrameworkCore;
using Nacka.Contracts;

namespace Nacka.Messaging.ReadModels;

/// <summary>What a service's read model does with each event type it follows.</summary>
public sealed class ReadModelHandlers<TContext> where TContext : DbContext
{
    private readonly Dictionary<Type, Func<TContext, IIntegrationEvent, CancellationToken, Task>> _handlers = [];

    public IReadOnlyCollection<Type> EventTypes => _handlers.Keys;

    /// <summary>
    /// Applies <typeparamref name="TEvent"/> to the read model (changes on the context; the
    /// building block saves them with the version in one transaction).
    /// </summary>
    public ReadModelHandlers<TContext> On<TEvent>(Func<TContext, TEvent, CancellationToken, Task> apply) where TEvent : class, IIntegrationEvent
    {
        _handlers[typeof(TEvent)] = (db, e, ct) => apply(db, (TEvent)e, ct);
        return this;
    }

    internal Task ApplyAsync(TContext db, IIntegrationEvent integrationEvent, CancellationToken cancellationToken) =>
        _handlers.TryGetValue(integrationEvent.GetType(), out var apply)
            ? apply(db, integrationEvent, cancellationToken)
            : Task.CompletedTask; // an event type this read model does not follow still counts as a version
}
