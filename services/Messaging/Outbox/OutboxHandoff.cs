using Nacka.Messaging.Bus;

namespace Nacka.Messaging.Outbox;

/// <summary>
/// Rows the sequencer claimed for the dispatcher inside its own transaction (<see cref="OutboxStore.SequenceAsync"/>), handed over
/// in memory. At a low write rate each event used to cost the sequencer's round, a notification, the dispatcher's wake and its
/// claim (a transaction of its own) before the publish; when the dispatcher is waiting for work and the broker is connected,
/// the sequencer claims what it numbered in the same round trip and wakes the dispatcher directly, which publishes and marks.
/// When the dispatcher is busy or the broker away the sequencer claims nothing and notifies, as before; the claim's rules
/// (one entity's events in order, leases, <c>SKIP LOCKED</c>) are the same statement, so replicas and both claimers agree.
/// Only while the dispatcher waits: claiming whenever no handed batch waited (tried on 2026-12-04) handed a busy dispatcher the few
/// rows of one sequencer round between its own claims, so at 200 writes/s it published smaller batches (162–178 writes/s done in
/// two runs against 184–197 this way). One per service: the sequencer is its only writer, the dispatcher its only reader.
/// </summary>
internal sealed class OutboxHandoff(BrokerLink broker)
{
    private List<OutboxMessage>? _claimed;
    private NotificationWakes? _dispatcherWakes;
    private volatile bool _dispatcherWaiting;

    /// <summary>Whether the sequencer's next round should claim: the dispatcher waits for work, holds nothing handed, and the broker is there.</summary>
    public bool WantsClaim => _dispatcherWaiting && Volatile.Read(ref _claimed) is null && broker.IsConnected;

    /// <summary>Hands claimed rows to the dispatcher and wakes it. Called only after <see cref="WantsClaim"/>, so the slot is empty.</summary>
    public void Hand(List<OutboxMessage> rows)
    {
        Volatile.Write(ref _claimed, rows);
        Volatile.Read(ref _dispatcherWakes)?.Wake();
    }

    /// <summary>The rows handed over since the dispatcher last looked, if any (the dispatcher, at the start of a round).</summary>
    public List<OutboxMessage>? Take() => Interlocked.Exchange(ref _claimed, null);

    /// <summary>The dispatcher starts a round (false) or has nothing left and waits for work (true).</summary>
    public void DispatcherWaiting(bool waiting) => _dispatcherWaiting = waiting;

    /// <summary>The dispatcher's current wake-ups (its listening connection), so a hand-over wakes it as a notification would.</summary>
    public void WakeDispatcherThrough(NotificationWakes wakes) => Volatile.Write(ref _dispatcherWakes, wakes);
}
