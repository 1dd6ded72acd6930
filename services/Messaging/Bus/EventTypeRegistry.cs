using Nacka.Contracts;

namespace Nacka.Messaging.Bus;

/// <summary>
/// Maps the CloudEvents type stored in an outbox row back to its contract record. Holds every
/// event in <see cref="EventCatalog"/>, plus any a host registers itself (tests do).
/// </summary>
public sealed class EventTypeRegistry
{
    private readonly Dictionary<string, Type> _byCloudEventType = new(StringComparer.Ordinal);

    public EventTypeRegistry(IEnumerable<Type> additionalTypes)
    {
        foreach (var type in EventCatalog.All.Concat(additionalTypes))
        {
            _byCloudEventType[EventNaming.For(type).CloudEventType] = type;
        }
    }

    /// <summary>The exchanges of every event type published by <paramref name="service"/> (<c>units</c>...).</summary>
    public IReadOnlyList<string> ExchangesOf(string service) =>
        _byCloudEventType.Values.Select(EventNaming.For).Where(n => n.Service == service).Select(n => n.Exchange).Distinct().Order().ToList();

    public Type Resolve(string cloudEventType) =>
        _byCloudEventType.TryGetValue(cloudEventType, out var type)
            ? type
            : throw new InvalidOperationException($"No contract type is registered for '{cloudEventType}'.");
}
