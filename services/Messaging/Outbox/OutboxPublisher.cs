using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Nacka.Contracts;
using Nacka.Messaging.Bus;
using Nacka.Messaging.Telemetry;
using RabbitMQ.Client;

namespace Nacka.Messaging.Outbox;

/// <summary>
/// Publishes one outbox row on its exchange: the stored JSON as it is (it was written with the contract's serializer, exactly as
/// subscribers receive it), the CloudEvents attributes as AMQP headers and the event id as message id; returns only once the broker
/// confirmed it. It goes out on the broker link's own channel rather than through MassTransit's send pipeline: nothing to deserialize
/// and serialize again, and no send retry hidden inside the publish (the dispatcher retries what failed itself).
/// </summary>
internal sealed class OutboxPublisher(BrokerLink broker, EventTypeRegistry registry)
{
    /// <summary>The header MassTransit's consumers continue a trace from (our own consumers among them).</summary>
    private const string MassTransitActivityHeader = "MT-Activity-Id";

    public async Task PublishAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        var naming = EventNaming.For(registry.Resolve(row.Type));
        var body = Encoding.UTF8.GetBytes(row.Payload);

        // The publish joins the trace of the request that wrote the event.
        ActivityContext.TryParse(row.TraceParent, row.TraceState, isRemote: true, out var parent);
        using var activity = MessagingTelemetry.ActivitySource.StartActivity($"{naming.Exchange} publish", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.system", "rabbitmq");
        activity?.SetTag("messaging.destination.name", naming.Exchange);
        activity?.SetTag("messaging.message.id", row.EventId.ToString());

        var eventId = row.EventId.ToString();
        var headers = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["cloudEvents:specversion"] = EventNaming.CloudEventsSpecVersion,
            ["cloudEvents:id"] = eventId,
            ["cloudEvents:type"] = naming.CloudEventType,
            ["cloudEvents:source"] = naming.CloudEventSource,
            ["cloudEvents:time"] = OccurredAt(body, row).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            ["cloudEvents:subject"] = row.SubjectId.ToString(),
            ["cloudEvents:datacontenttype"] = "application/json",
        };
        if (activity?.Id is { } traceParent)
        {
            // CloudEvents distributed-tracing extension for subscribers outside MassTransit, and MassTransit's own header for ours.
            headers["cloudEvents:traceparent"] = traceParent;
            headers[MassTransitActivityHeader] = traceParent;
        }

        var properties = new BasicProperties { MessageId = eventId, ContentType = "application/json", Persistent = true, Headers = headers };
        await broker.PublishAsync(naming.Exchange, properties, body, cancellationToken);
    }

    /// <summary>
    /// The payload's own <c>occurredAt</c> (the header must equal it to the tick; the row's column keeps microseconds only), read from
    /// the top level of the JSON without deserializing the event.
    /// </summary>
    private static DateTimeOffset OccurredAt(ReadOnlySpan<byte> payload, OutboxMessage row)
    {
        var reader = new Utf8JsonReader(payload);
        if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isOccurredAt = reader.ValueTextEquals("occurredAt"u8);
                reader.Read();
                if (isOccurredAt && reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var occurredAt))
                {
                    return occurredAt;
                }

                reader.Skip();
            }
        }

        return row.OccurredAt;
    }
}
