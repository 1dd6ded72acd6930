namespace Nacka.Contracts;

/// <summary>
/// What every integration event carries, whichever service publishes it.
/// </summary>
/// <remarks>
/// Delivery is at-least-once: the same event can arrive twice (after a broker or publisher
/// restart). Deduplicate on <see cref="EventId"/>. Events about one entity are published in
/// <see cref="Version"/> order; a gap in versions means an event was missed: backfill it from the
/// publishing service's replay feed (<c>GET /events?after=&lt;position&gt;</c>).
/// </remarks>
public interface IIntegrationEvent
{
    /// <summary>Unique id of this event; also the AMQP message id and the CloudEvents <c>id</c>.</summary>
    Guid EventId { get; }

    /// <summary>When the change happened, in UTC.</summary>
    DateTimeOffset OccurredAt { get; }

    /// <summary>The id of the entity the event is about; also the CloudEvents <c>subject</c>.</summary>
    Guid SubjectId { get; }

    /// <summary>The entity's version after this change: 1 for its first event, then contiguous.</summary>
    int Version { get; }
}
