using Nacka.Messaging.Bus;

namespace Nacka.Messaging.Outbox;

/// <summary>
/// Rows the sequencer claimed for the dispatcher inside its own transaction (<see cref="OutboxStore.SequenceAsync"/>), handed over
/// in memory. At a low write rate each event used to cost the sequencer's round, a notification, the dispatcher's wake and its
/// claim (a transaction of its own) before the publish; now the sequencer claims what it numbered in the same round trip and
/// wakes the dispatcher directly, which takes the rows wherever it would have claimed, publishes and marks them. One batch waits
/// here at most: while one does (the dispatcher busy with another), or while the broker is away or the dispatcher stopped, the
/// sequencer claims nothing and notifies, as before. The claim's rules (one entity's events in order, leases, <c>SKIP LOCKED</c>)
/// are the same statement, so replicas and both claimers agree: an entity's later event is never claimed while an earlier one is
/// unsent, wherever that one is held. One per service: the sequencer is its only writer, the dispatcher its only reader.
/// </summary>
internal sealed class OutboxHandoff(BrokerLink broker)
{
    private List<OutboxMessage>? _claimed;
    private NotificationWakes? _dispatcherWakes;
    private volatile bool _dispatcherRunning;

    /// <summary>Whether the sequencer's next round should claim: the dispatcher runs, no batch waits here, and the broker is there.</summary>
    public bool WantsClaim => _dispatcherRunning && Volatile.Read(ref _claimed) is null && broker.IsConnected;

    /// <summary>Hands claimed rows to the dispatcher and wakes it. Called only after <see cref="WantsClaim"/>, so the slot is empty.</summary>
    public void Hand(List<OutboxMessage> rows)
    {
        Volatile.Write(ref _claimed, rows);
        Volatile.Read(ref _dispatcherWakes)?.Wake();
    }

    /// <summary>The rows handed over since the dispatcher last looked, if any.</summary>
    public List<OutboxMessage>? Take() => Interlocked.Exchange(ref _claimed, null);

    /// <summary>The dispatcher starts (true) or stops (false); the sequencer claims for it only while it runs.</summary>
    public void DispatcherRunning(bool running) => _dispatcherRunning = running;

    /// <summary>The dispatcher's current wake-ups (its listening connection), so a hand-over wakes it as a notification would.</summary>
    public void WakeDispatcherThrough(NotificationWakes wakes) => Volatile.Write(ref _dispatcherWakes, wakes);
}
