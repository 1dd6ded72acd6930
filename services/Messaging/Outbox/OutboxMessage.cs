namespace Nacka.Messaging.Outbox;

/// <summary>
/// One integration event waiting for (or done with) publication. Written in the same transaction
/// as the state change it describes; published by <see cref="OutboxDispatcher{TContext}"/>; kept
/// after sending (for the retention period) as the service's replay feed.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>Insertion order. Per entity this is version order, because a later version's
    /// transaction can only start after the earlier one committed (optimistic concurrency).</summary>
    public long Id { get; set; }

    public Guid EventId { get; set; }

    /// <summary>CloudEvents type, e.g. <c>se.nacka.org.units.unit-established.v1</c>.</summary>
    public string Type { get; set; } = "";

    public Guid SubjectId { get; set; }

    public int SubjectVersion { get; set; }

    /// <summary>The event as JSON (<c>ContractJson</c>), exactly as subscribers receive it.</summary>
    public string Payload { get; set; } = "";

    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>When the row was written (the transaction's time).</summary>
    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>W3C trace context of the request that wrote the event, so the publish and every
    /// consumer join that request's trace.</summary>
    public string? TraceParent { get; set; }

    public string? TraceState { get; set; }

    /// <summary>Null until the broker confirmed the publish.</summary>
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>Position in the replay feed: assigned by the sequencer soon after commit (published or not), gap-free and in commit order.</summary>
    public long? Position { get; set; }

    /// <summary>While set and in the future, a dispatcher is publishing this row; an expired lease (a crashed replica) frees it.</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }
}
