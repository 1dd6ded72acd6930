namespace Nacka.Messaging.Inbox;

/// <summary>
/// Proof that <see cref="Consumer"/> applied the event <see cref="EventId"/>. Inserted in the same
/// transaction as the consumer's effect; a second delivery finds it and is skipped.
/// </summary>
public sealed class InboxMessage
{
    public Guid EventId { get; set; }

    public string Consumer { get; set; } = "";

    public string Type { get; set; } = "";

    public DateTimeOffset ReceivedAt { get; set; }
}
