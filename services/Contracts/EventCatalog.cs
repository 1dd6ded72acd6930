namespace Nacka.Contracts;

/// <summary>Every integration event type this package defines, for registries and the catalogue test.</summary>
public static class EventCatalog
{
    /// <summary>The concrete event records, ordered by full name.</summary>
    public static IReadOnlyList<Type> All { get; } = typeof(IIntegrationEvent).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true } && typeof(IIntegrationEvent).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToList();
}
