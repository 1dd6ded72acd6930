using Microsoft.Extensions.Logging;
using Nacka.Messaging.Inbox;
using Nacka.Messaging.Telemetry;

namespace Nacka.Messaging.Tests.Widgets;

/// <summary>Records an effect per event; a name starting with "poison" always throws.</summary>
public sealed class WidgetRegisteredConsumer(WidgetsDbContext db, MessagingTelemetry telemetry, ILogger<WidgetRegisteredConsumer> logger)
    : IdempotentConsumer<WidgetRegistered, WidgetsDbContext>(db, telemetry, logger)
{
    protected override Task HandleAsync(WidgetRegistered message, CancellationToken cancellationToken)
    {
        if (message.Name.StartsWith("poison", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Cannot handle widget '{message.Name}'.");
        }

        Db.Effects.Add(new WidgetEffect { EventId = message.EventId, WidgetId = message.WidgetId, Name = message.Name });
        return Task.CompletedTask;
    }
}
