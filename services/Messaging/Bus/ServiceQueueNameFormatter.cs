using MassTransit;

namespace Nacka.Messaging.Bus;

/// <summary>
/// Queue names say who consumes what: <c>mandates.unit-dissolved</c> for the Mandates service's
/// UnitDissolved consumer. The error queue is the same name with <c>_error</c>.
/// </summary>
internal sealed class ServiceQueueNameFormatter(string serviceName) : KebabCaseEndpointNameFormatter(serviceName + ".", includeNamespace: false)
{
    public override string Consumer<T>()
    {
        // A generic consumer (a read model's) is named for the event it consumes: committees.unit-established.
        if (typeof(T).IsGenericType && typeof(T).GetGenericArguments()[0] is { } message && typeof(Nacka.Contracts.IIntegrationEvent).IsAssignableFrom(message))
        {
            return SanitizeName(Prefix + Nacka.Contracts.EventNaming.For(message).Name);
        }

        var name = typeof(T).Name;
        if (name.EndsWith("Consumer", StringComparison.Ordinal))
        {
            name = name[..^"Consumer".Length];
        }

        return SanitizeName(Prefix + name);
    }
}
