using MassTransit;
using Nacka.Contracts;

namespace Nacka.Messaging.Bus;

/// <summary>
/// Names each contract's exchange by the public convention (<c>nacka.units.unit-established</c>)
/// instead of MassTransit's CLR-based names, so subscribers in any language find it documented.
/// </summary>
internal sealed class ContractEntityNameFormatter(IEntityNameFormatter fallback) : IEntityNameFormatter
{
    public string FormatEntityName<T>() =>
        typeof(IIntegrationEvent).IsAssignableFrom(typeof(T)) && !typeof(T).IsInterface
            ? EventNaming.For(typeof(T)).Exchange
            : fallback.FormatEntityName<T>();
}
