using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nacka.Contracts;

namespace Nacka.Messaging.Outbox;

public static class OutboxWriter
{
    /// <summary>
    /// Queues an integration event in the outbox. It is saved by the same <c>SaveChanges</c> (and
    /// so the same transaction) as the state change it describes: both commit, or neither does.
    /// Nothing is published here; the dispatcher does that after commit.
    /// </summary>
    public static OutboxMessage AddIntegrationEvent<TEvent>(this DbContext db, TEvent integrationEvent) where TEvent : class, IIntegrationEvent
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(integrationEvent);
        if (integrationEvent.Version < 1)
        {
            throw new ArgumentException("An entity's first event has version 1.", nameof(integrationEvent));
        }

        var activity = Activity.Current;
        var message = new OutboxMessage
        {
            EventId = integrationEvent.EventId,
            Type = EventNaming.For(integrationEvent.GetType()).CloudEventType,
            SubjectId = integrationEvent.SubjectId,
            SubjectVersion = integrationEvent.Version,
            Payload = JsonSerializer.Serialize(integrationEvent, integrationEvent.GetType(), ContractJson.Options),
            OccurredAt = integrationEvent.OccurredAt.ToUniversalTime(),
            RecordedAt = DateTimeOffset.UtcNow,
            TraceParent = activity?.IdFormat == ActivityIdFormat.W3C ? activity.Id : null,
            TraceState = activity?.TraceStateString,
        };
        db.Set<OutboxMessage>().Add(message);
        return message;
    }
}
