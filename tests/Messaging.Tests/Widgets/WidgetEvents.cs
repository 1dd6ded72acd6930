using Nacka.Contracts;

// A small test-only domain: the namespace's last segment makes these "widgets" events, published
// on nacka.widgets.widget-registered and nacka.widgets.widget-renamed, like a real service's.
namespace Nacka.Messaging.Tests.Widgets;

public sealed record WidgetRegistered(Guid EventId, DateTimeOffset OccurredAt, Guid WidgetId, int Version, string Name) : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => WidgetId;
}

public sealed record WidgetRenamed(Guid EventId, DateTimeOffset OccurredAt, Guid WidgetId, int Version, string Name) : IIntegrationEvent
{
    Guid IIntegrationEvent.SubjectId => WidgetId;
}
