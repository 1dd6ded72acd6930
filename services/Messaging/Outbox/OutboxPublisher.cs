using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MassTransit;
using Nacka.Contracts;
using Nacka.Messaging.Bus;
using Nacka.Messaging.Telemetry;

namespace Nacka.Messaging.Outbox;

/// <summary>
/// Publishes one outbox row on its exchange, with the CloudEvents attributes as AMQP headers and
/// the event id as message id, and returns only once the broker confirmed it.
/// </summary>
internal sealed class OutboxPublisher(IBus bus, EventTypeRegistry registry)
{
    public async Task PublishAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        var type = registry.Resolve(row.Type);
        var naming = EventNaming.For(type);
        var message = JsonSerializer.Deserialize(row.Payload, type, ContractJson.Options)
            ?? throw new InvalidOperationException($"Outbox row {row.Id} has an empty payload.");

        // The publish joins the trace of the request that wrote the event.
        ActivityContext.TryParse(row.TraceParent, row.TraceState, isRemote: true, out var parent);
        using var activity = MessagingTelemetry.ActivitySource.StartActivity($"{naming.Exchange} publish", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.system", "rabbitmq");
        activity?.SetTag("messaging.destination.name", naming.Exchange);
        activity?.SetTag("messaging.message.id", row.EventId.ToString());

        await bus.Publish(message, type, context =>
        {
            context.MessageId = row.EventId;
            context.Durable = true;
            context.Headers.Set("cloudEvents:specversion", EventNaming.CloudEventsSpecVersion);
            context.Headers.Set("cloudEvents:id", row.EventId.ToString());
            context.Headers.Set("cloudEvents:type", naming.CloudEventType);
            context.Headers.Set("cloudEvents:source", naming.CloudEventSource);
            context.Headers.Set("cloudEvents:time", ((IIntegrationEvent)message)
                .OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            context.Headers.Set("cloudEvents:subject", row.SubjectId.ToString());
            context.Headers.Set("cloudEvents:datacontenttype", "application/json");
            // CloudEvents distributed-tracing extension, for subscribers outside MassTransit.
            if (activity?.Id is { } traceParent)
            {
                context.Headers.Set("cloudEvents:traceparent", traceParent);
            }
        }, cancellationToken);
    }
}
