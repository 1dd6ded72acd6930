using System.Text;

namespace Nacka.Contracts;

/// <summary>
/// The names an event type has on the wire, all derived from the type by one convention so they
/// can never disagree (<paramref name="Service"/>, kebab-case <paramref name="Name"/>,
/// <paramref name="SchemaVersion"/>): the publishing service is the last segment of the namespace
/// (<c>Nacka.Contracts.Units</c> → <c>units</c>), the event name is the type name in kebab case,
/// and a breaking change is a new type with a <c>V2</c> suffix, published on its own exchange.
/// </summary>
public sealed record EventNaming(string Service, string Name, int SchemaVersion)
{
    /// <summary>The CloudEvents specification version in the <c>cloudEvents:specversion</c> header.</summary>
    public const string CloudEventsSpecVersion = "1.0";

    /// <summary>Durable fanout exchange, e.g. <c>nacka.units.unit-established</c> (v2: <c>...-v2</c>).</summary>
    public string Exchange => SchemaVersion == 1 ? $"nacka.{Service}.{Name}" : $"nacka.{Service}.{Name}-v{SchemaVersion}";

    /// <summary>CloudEvents <c>type</c>, e.g. <c>se.nacka.org.units.unit-established.v1</c>.</summary>
    public string CloudEventType => $"se.nacka.org.{Service}.{Name}.v{SchemaVersion}";

    /// <summary>CloudEvents <c>source</c>, e.g. <c>urn:nacka:org:units</c>.</summary>
    public string CloudEventSource => $"urn:nacka:org:{Service}";

    /// <summary>The wire names of <typeparamref name="TEvent"/>.</summary>
    public static EventNaming For<TEvent>() where TEvent : IIntegrationEvent => For(typeof(TEvent));

    /// <summary>The wire names of an event type.</summary>
    public static EventNaming For(Type eventType)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        return Cache.GetOrAdd(eventType, Derive);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, EventNaming> Cache = new();

    private static EventNaming Derive(Type eventType)
    {
        var service = eventType.Namespace?.Split('.').LastOrDefault()
            ?? throw new ArgumentException($"{eventType} has no namespace to name its publishing service.", nameof(eventType));
        var typeName = eventType.Name;
        var schemaVersion = 1;
        var suffix = typeName.LastIndexOf('V');
        if (suffix > 0 && suffix < typeName.Length - 1 && typeName[(suffix + 1)..].All(char.IsAsciiDigit))
        {
            schemaVersion = int.Parse(typeName[(suffix + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            typeName = typeName[..suffix];
        }

        return new EventNaming(service.ToLowerInvariant(), Kebab(typeName), schemaVersion);
    }

    private static string Kebab(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 8);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(pascal[i]));
        }

        return builder.ToString();
    }
}
